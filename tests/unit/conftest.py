"""A minimal valid content.yaml (en + es) with its pictures, for the loader tests.

Broken variants are made by editing `VALID_CONTENT` as text, so the line a test expects is
found in the edited text rather than typed in by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content.model import REQUIRED_FORM, REQUIRED_UI

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>\n'
PICTURES = ("logo.svg", "spine_canal.svg")


def _texts_block(name: str, required: dict[str, str]) -> str:
    """`ui:`/`form:` with every required key, each using exactly the placeholders it may."""
    lines = [f"{name}:"]
    for key, purpose in required.items():
        placeholders = " ".join(re.findall(r"\{\w+\}", purpose))
        lines += [
            f"  {key}:",
            f"    en: {key} in English {placeholders}".rstrip(),
            f"    es: {key} en español {placeholders}".rstrip(),
        ]
    return "\n".join(lines) + "\n"


VALID_CONTENT = (
    """\
version: 1
languages:
  - code: en
    name: English
  - code: es
    name: Español
clinic:
  name: Valley Spine Clinic
  phone: (555) 010-0199
  phone_region: US
  logo: assets/logo.svg
theme:
  standard:
    background: "#FFFFFF"
    surface: "#F4F4F4"
    text: "#111111"
    muted_text: "#444444"
    primary: "#0B4F8A"
    on_primary: "#FFFFFF"
    accent: "#0B4F8A"
    urgent: "#A4000F"
    on_urgent: "#FFFFFF"
  high_contrast:
    background: "#000000"
    surface: "#111111"
    text: "#FFFFFF"
    muted_text: "#DDDDDD"
    primary: "#FFE066"
    on_primary: "#000000"
    accent: "#FFE066"
    urgent: "#FF8080"
    on_urgent: "#000000"
"""
    + _texts_block("ui", REQUIRED_UI)
    + _texts_block("form", REQUIRED_FORM)
    + """\
screens:
  - id: attract
    kind: attract
    title:
      en: Questions about back and leg pain?
      es: ¿Preguntas sobre el dolor de espalda y piernas?
  - id: stenosis
    kind: info
    title:
      en: What is spinal stenosis?
      es: ¿Qué es la estenosis espinal?
    paragraphs:
      en: ["The canal in your spine gets narrow.", "The nerves get squeezed."]
      es: ["El canal de la columna se estrecha."]
    illustration: assets/spine_canal.svg
    caption:
      en: A narrow spinal canal pressing on the nerves.
      es: Un canal espinal estrecho que aprieta los nervios.
    references: [nhs-lss]
  - id: self_check
    kind: checklist
    title:
      en: Does this sound like you?
      es: ¿Le suena familiar?
    items:
      - id: legs_walking
        text:
          en: My legs hurt when I walk.
          es: Me duelen las piernas al caminar.
      - id: better_sitting
        text:
          en: Sitting down helps.
          es: Sentarme me alivia.
  - id: warning_signs
    kind: urgent
    title:
      en: Get help now if
      es: Pida ayuda ahora si
    bullets:
      en: [You cannot control your bladder., Your legs suddenly get weak.]
      es: [No puede controlar la vejiga., Las piernas se debilitan de repente.]
  - id: sources
    kind: sources
    title:
      en: Where this comes from
      es: De dónde viene esta información
  - id: next_step
    kind: next_step
    title:
      en: Talk to us
      es: Hable con nosotros
references:
  - id: nhs-lss
    citation: NHS. Lumbar spinal stenosis. 2023.
  - id: cms-ncd
    citation: CMS. National coverage determination 150.13.
"""
)


@pytest.fixture
def write_content(tmp_path: Path) -> Callable[[str | bytes], Path]:
    """Writes the given text (or bytes) as tmp_path/content.yaml beside valid pictures."""
    assets = tmp_path / "assets"
    assets.mkdir()
    for picture in PICTURES:
        (assets / picture).write_text(SVG, encoding="utf-8")

    def write(content: str | bytes) -> Path:
        path = tmp_path / "content.yaml"
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def content_file(write_content: Callable[[str | bytes], Path]) -> Path:
    """A minimal valid content.yaml: attract, info with a picture, checklist, urgent,
    sources and next_step screens, two languages, every required ui/form text."""
    return write_content(VALID_CONTENT)
