"""content.yaml loader: the valid fixture loads into the frozen model, and every kind of
mistake a clinic editor can make is reported at the right FILE:LINE in plain words.

Broken files are edits of the valid fixture text; the expected line is looked up in the
edited text, so the tests do not drift when the fixture grows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content.loader import MAX_BYTES, ContentError, load_content, summary
from kiosk.content.model import REQUIRED_FORM, REQUIRED_UI, KioskSettings, ScreenKind

from .conftest import PICTURES, SVG, VALID_CONTENT

Edit = Callable[[str], str]
Where = str | tuple[str, str]  # a line's start, or (a line before it, the line's start)


def line_of(text: str, where: Where) -> int:
    """1-based number of the first line starting (after indentation) with the needle; with
    (after, needle), the first such line below the first line starting with `after`."""
    after, needle = ("", where) if isinstance(where, str) else where
    lines = [line.lstrip() for line in text.splitlines()]
    start = next(n for n, line in enumerate(lines, 1) if line.startswith(after)) if after else 0
    return next(n for n, line in enumerate(lines, 1) if n > start and line.startswith(needle))


def replace(old: str, new: str) -> Edit:
    """An edit replacing text that occurs exactly once in the fixture."""

    def edit(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new)

    return edit


def both(first: Edit, second: Edit) -> Edit:
    return lambda text: second(first(text))


def with_kiosk(body: str) -> Edit:
    return replace("ui:\n", f"kiosk:\n{body}ui:\n")


def errors_of(path: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return caught.value


def assert_reports(path: Path, line: int, phrase: str) -> ContentError:
    """The error has a `FILE:LINE: ...phrase...` line."""
    error = errors_of(path)
    lines = str(error).splitlines()
    assert any(text.startswith(f"{path}:{line}: ") and phrase in text for text in lines), (
        f"expected line {line} with {phrase!r} in:\n{error}"
    )
    return error


# --- the valid file -------------------------------------------------------------------


WARNING_BULLETS_ES = (
    "      es: [No puede controlar la vejiga., Las piernas se debilitan de repente.]\n"
)
SECTION_HEADING = (
    "    sections:\n      - heading:\n          en: Tell the front desk today\n"
    "          es: Avise hoy en la recepción\n"
)
SECTION = SECTION_HEADING + (
    '        paragraphs:\n          en: ["Call {clinic} at {phone}."]\n'
    '          es: ["Llame a {clinic} al {phone}."]\n'
    "        bullets:\n          en: [Fever, A bad fall]\n          es: [Fiebre]\n"
)


def test_sections_load_in_order_after_the_bullets(write_content) -> None:
    text = replace(WARNING_BULLETS_ES, WARNING_BULLETS_ES + SECTION)(VALID_CONTENT)
    screen = load_content(write_content(text)).screen("warning_signs")
    (section,) = screen.sections
    assert section.heading.get("es") == "Avise hoy en la recepción"
    assert section.bullets.get("en") == ("Fever", "A bad fall")
    assert section.bullets.get("es") == ("Fiebre",)


def test_screen_text_gets_the_clinic_name_and_phone_filled_in(write_content) -> None:
    """{clinic} and {phone} in a screen come from `clinic:`, so a new number is one edit."""
    text = replace(WARNING_BULLETS_ES, WARNING_BULLETS_ES + SECTION)(VALID_CONTENT)
    text = replace("  phone: (555) 010-0199", "  phone: (555) 010-0123")(text)
    section = load_content(write_content(text)).screen("warning_signs").sections[0]
    assert section.paragraphs.get("en") == ("Call Valley Spine Clinic at (555) 010-0123.",)
    assert section.paragraphs.get("es") == ("Llame a Valley Spine Clinic al (555) 010-0123.",)


def test_valid_file_loads_into_the_frozen_model(content_file: Path) -> None:
    content = load_content(content_file)

    assert content.source == content_file.resolve()
    assert [(lang.code, lang.name) for lang in content.languages] == [
        ("en", "English"),
        ("es", "Español"),
    ]
    assert content.default_language == "en"
    assert content.clinic.phone_region == "US"
    assert content.clinic.web_page == ""  # optional: no QR code without it
    assert content.clinic.logo == content_file.parent.resolve() / "assets" / "logo.svg"
    assert content.theme.primary == "#0B4F8A"
    assert content.high_contrast.background == "#000000"
    assert content.kiosk == KioskSettings()  # every kiosk setting left at its default

    stenosis = content.screen("stenosis")
    assert stenosis.kind is ScreenKind.INFO
    assert stenosis.title.get("es") == "¿Qué es la estenosis espinal?"
    assert stenosis.paragraphs.get("en") == (
        "The canal in your spine gets narrow.",
        "The nerves get squeezed.",
    )
    assert stenosis.paragraphs.get("es") == ("El canal de la columna se estrecha.",)
    assert stenosis.illustration is not None and stenosis.illustration.is_absolute()
    assert stenosis.illustration == content_file.parent.resolve() / "assets" / "spine_canal.svg"
    assert stenosis.caption is not None and stenosis.caption.get("en").startswith("A narrow")
    assert content.reference(stenosis.references[0]).citation.startswith("NHS.")

    assert [s.kind for s in content.screens] == [
        ScreenKind.ATTRACT,
        ScreenKind.INFO,
        ScreenKind.CHECKLIST,
        ScreenKind.URGENT,
        ScreenKind.SOURCES,
        ScreenKind.NEXT_STEP,
    ]
    checklist = content.screen("self_check")
    assert [item.id for item in checklist.items] == ["legs_walking", "better_sitting"]
    assert checklist.items[1].text.get("es") == "Sentarme me alivia."
    assert content.screen("warning_signs").bullets.get("es")[0] == "No puede controlar la vejiga."

    assert set(content.ui) == set(REQUIRED_UI) and set(content.form) == set(REQUIRED_FORM)
    assert content.ui_text("progress", "en", step=2, total=6) == "progress in English 2 6"
    assert content.form_text("thanks_body", "es", clinic="C", phone="P").endswith("C P")


def test_model_is_immutable(content_file: Path) -> None:
    content = load_content(content_file)
    assert isinstance(content.ui, MappingProxyType)
    assert isinstance(content.screens, tuple) and isinstance(content.references, tuple)
    assert isinstance(content.screens[0].title.by_language, MappingProxyType)
    with pytest.raises(TypeError):
        content.ui["next"] = content.ui["back"]  # type: ignore[index]


def test_kiosk_settings_are_read(write_content: Callable[[str], Path]) -> None:
    body = "  idle_timeout_seconds: 120\n  idle_warning_seconds: 25\n"
    content = load_content(write_content(with_kiosk(body)(VALID_CONTENT)))
    assert content.kiosk.idle_timeout_seconds == 120
    assert content.kiosk.idle_warning_seconds == 25
    assert content.kiosk.thanks_seconds == KioskSettings().thanks_seconds


def test_words_yaml_would_turn_into_booleans_stay_text(write_content) -> None:
    """`Yes`, `No` and `on` are answers patients read, not booleans."""
    text = replace("      en: Talk to us\n", "      en: Yes\n")(VALID_CONTENT)
    content = load_content(write_content(text))
    assert content.screen("next_step").title.get("en") == "Yes"


def test_utf8_byte_order_mark_is_accepted(write_content) -> None:
    content = load_content(write_content(b"\xef\xbb\xbf" + VALID_CONTENT.encode()))
    assert content.languages[1].name == "Español"


def test_summary_names_counts(content_file: Path) -> None:
    assert summary(load_content(content_file)) == (
        "content.yaml OK: 6 screens, 2 languages (en, es), 1 illustration, 2 references"
    )


# --- broken files: one edit each, reported at the edited line ---------------------------

STENOSIS_TITLE = (
    "    title:\n      en: What is spinal stenosis?\n      es: ¿Qué es la estenosis espinal?\n"
)
CAPTION = (
    "    caption:\n      en: A narrow spinal canal pressing on the nerves.\n"
    "      es: Un canal espinal estrecho que aprieta los nervios.\n"
)
CHECKLIST_ITEMS = VALID_CONTENT[
    VALID_CONTENT.index("    items:\n") : VALID_CONTENT.index("  - id: warning_signs")
]
EXTRA_SCREENS = "".join(
    f"  - id: extra_{n}\n    kind: info\n    title: {{en: Extra {n}, es: Otra {n}}}\n"
    for n in range(60)
)
MANY_PARAGRAPHS = ", ".join(f"Paragraph {n}." for n in range(31))

BROKEN: list[tuple[str, Edit, Where, str]] = [
    (
        "missing required key",
        replace("  phone_region: US\n", ""),
        "clinic:",
        "`clinic` is missing `phone_region`",
    ),
    (
        "wrong type",
        with_kiosk("  idle_timeout_seconds: soon\n"),
        "idle_timeout_seconds:",
        "`idle_timeout_seconds` must be a whole number of seconds, like 90",
    ),
    (
        "unknown key with did-you-mean",
        replace("    illustration: assets/", "    ilustration: assets/"),
        "ilustration:",
        "unknown key `ilustration` in a screen; did you mean `illustration`?",
    ),
    (
        "unknown top-level key",
        replace("references:\n  - id: nhs-lss", "refrences:\n  - id: nhs-lss"),
        "refrences:",
        "did you mean `references`?",
    ),
    (
        "unknown kind with did-you-mean",
        replace("    kind: info\n", "    kind: infoo\n"),
        "kind: infoo",
        "unknown screen kind `infoo`; did you mean `info`?",
    ),
    (
        "duplicate screen id",
        replace("  - id: warning_signs\n", "  - id: stenosis\n"),
        ("- id: self_check", "- id: stenosis"),
        "screen id `stenosis` is used twice",
    ),
    (
        "bad screen id",
        replace("  - id: stenosis\n", "  - id: Spinal-Stenosis\n"),
        "- id: Spinal-Stenosis",
        "must be lowercase letters, digits and _",
    ),
    (
        "duplicate YAML key",
        replace("    kind: info\n", "    kind: info\n    kind: info\n"),
        ("kind: info", "kind: info"),
        "`kind` appears twice",
    ),
    (
        "missing language in a title",
        replace("      es: ¿Qué es la estenosis espinal?\n", ""),
        ("- id: stenosis", "title:"),
        "`title` is missing the `es` text",
    ),
    (
        "language not in languages",
        replace("      en: Talk to us\n", "      en: Talk to us\n      ed: Hable\n"),
        "ed: Hable",
        "has `ed` but it is not in `languages`",
    ),
    (
        "plain string where localized text is needed",
        replace(STENOSIS_TITLE, "    title: What is spinal stenosis?\n"),
        "title: What is",
        "`title` needs one entry per language: `en: …` and `es: …`",
    ),
    (
        "empty string",
        replace("      es: Un canal espinal estrecho que aprieta los nervios.", '      es: ""'),
        'es: ""',
        "the `es` text of `caption` is empty",
    ),
    (
        "too-long string",
        replace("      en: What is spinal stenosis?", "      en: " + "x" * 1201),
        "en: xxx",
        "is 1,201 characters; the limit is 1,200",
    ),
    (
        "too many paragraphs",
        replace(
            '      en: ["The canal in your spine gets narrow.", "The nerves get squeezed."]',
            f"      en: [{MANY_PARAGRAPHS}]",
        ),
        "en: [Paragraph",
        "has 31 entries; the limit is 30",
    ),
    (
        "missing illustration file",
        replace("assets/spine_canal.svg", "assets/spinal_canal.svg"),
        "illustration:",
        "`illustration` `assets/spinal_canal.svg` does not exist",
    ),
    (
        "illustration path escaping the folder",
        replace("assets/spine_canal.svg", "assets/../../spine_canal.svg"),
        "illustration:",
        "must stay inside",
    ),
    (
        "absolute illustration path",
        replace("assets/spine_canal.svg", "/etc/spine_canal.svg"),
        "illustration:",
        "must be relative",
    ),
    (
        "illustration not svg or png",
        replace("assets/spine_canal.svg", "assets/spine_canal.jpg"),
        "illustration:",
        "must be an .svg or .png picture",
    ),
    (
        "caption missing",
        replace(CAPTION, ""),
        "illustration:",
        "an `illustration` needs a `caption`",
    ),
    (
        "missing logo",
        replace("assets/logo.svg", "assets/clinic_logo.svg"),
        "logo:",
        "`logo` `assets/clinic_logo.svg` does not exist",
    ),
    (
        "unknown reference id",
        replace("references: [nhs-lss]", "references: [nhs-lsss]"),
        "references: [nhs-lsss]",
        "reference `nhs-lsss` is not in `references`; did you mean `nhs-lss`?",
    ),
    (
        "duplicate reference id",
        replace("  - id: cms-ncd\n", "  - id: nhs-lss\n"),
        ("- id: nhs-lss", "- id: nhs-lss"),
        "reference id `nhs-lss` is used twice",
    ),
    (
        "bad colour",
        replace('    surface: "#F4F4F4"', '    surface: "#F4F4F"'),
        "surface:",
        'must be a colour like "#1A5FB4", not `#F4F4F`',
    ),
    (
        "colour without quotes is read as a comment",
        replace('    background: "#FFFFFF"', "    background: #FFFFFF"),
        "background: #FFFFFF",
        "write colours in quotes",
    ),
    (
        "text colour too faint",
        replace('    muted_text: "#444444"', '    muted_text: "#AAAAAA"'),
        'muted_text: "#AAAAAA"',
        "`muted_text` on `background` has contrast 2.32:1; it needs at least 7.0:1",
    ),
    (
        "idle_warning out of range",
        with_kiosk("  idle_warning_seconds: 10\n"),
        "idle_warning_seconds:",
        "`idle_warning_seconds` must be 20 to 300 seconds (it is 10)",
    ),
    (
        "idle_warning not shorter than idle_timeout",
        with_kiosk("  idle_timeout_seconds: 60\n  idle_warning_seconds: 60\n"),
        "idle_warning_seconds:",
        "`idle_warning_seconds` (60) must be less than `idle_timeout_seconds` (60)",
    ),
    (
        "unknown kiosk key",
        with_kiosk("  idle_timeout: 60\n"),
        "idle_timeout:",
        "unknown key `idle_timeout` in `kiosk`; did you mean `idle_timeout_seconds`?",
    ),
    (
        "a device setting left in content.yaml",
        with_kiosk("  retention_days: 7\n"),
        "retention_days:",
        "`retention_days` is a device setting now: move it to settings.yaml",
    ),
    (
        "missing ui key",
        replace("  next:\n    en: next in English\n    es: next en español\n", ""),
        "ui:",
        "`ui` is missing `next` (Next button)",
    ),
    (
        "missing Spanish text of a ui key",
        replace("    es: text_size en español\n", ""),
        ("ui:", "text_size:"),
        "`ui.text_size` is missing the `es` text",
    ),
    (
        "missing form key",
        replace("  consent:\n", "  consnet:\n"),
        "form:",
        "`form` is missing `consent` (consent checkbox text)",
    ),
    (
        "unknown ui key",
        replace("  scroll_hint:\n", "  scrol_hint:\n"),
        "scrol_hint:",
        "unknown key `scrol_hint` in `ui`; did you mean `scroll_hint`?",
    ),
    (
        "placeholder mismatch between languages",
        replace("es: progress en español {step} {total}", "es: progress en español {total}"),
        "es: progress en español",
        "the `es` text of `ui.progress` has placeholders {total} but the `en` text has "
        "placeholders {step}, {total}",
    ),
    (
        "placeholder mismatch in a screen text",
        replace("es: ¿Le suena familiar?", "es: ¿Le suena familiar, {name}?"),
        "es: ¿Le suena familiar",
        "the `es` text of `title` has placeholders {name} but the `en` text has no placeholders",
    ),
    (
        "unknown placeholder",
        replace("en: still_here in English", "en: still_here in English {name}"),
        "en: still_here in English",
        "the `en` text of `ui.still_here` uses the placeholder {name}, which the kiosk does "
        "not fill",
    ),
    (
        "unknown placeholder in a screen text",
        replace("en: What is spinal stenosis?", "en: What is spinal stenosis, {name}?"),
        "en: What is spinal stenosis",
        "the `en` text of `title` uses the placeholder {name}, which the kiosk does not fill "
        "(it fills placeholders {clinic}, {phone})",
    ),
    (
        "section with a heading but nothing under it",
        replace(WARNING_BULLETS_ES, WARNING_BULLETS_ES + SECTION_HEADING),
        "- heading:",
        "a section needs `paragraphs` or `bullets` under its heading",
    ),
    (
        "section without a heading",
        replace(
            WARNING_BULLETS_ES,
            WARNING_BULLETS_ES + "    sections:\n      - bullets:\n"
            "          en: [Fever]\n          es: [Fiebre]\n",
        ),
        "- bullets:",
        "a section is missing `heading`",
    ),
    (
        "unknown key in a section",
        replace(
            WARNING_BULLETS_ES,
            WARNING_BULLETS_ES + SECTION_HEADING + "        bulets:\n"
            "          en: [Fever]\n          es: [Fiebre]\n",
        ),
        "bulets:",
        "unknown key `bulets` in a section; did you mean `bullets`?",
    ),
    (
        "malformed brace",
        replace("en: note_label in English {max}", "en: note_label in English {max"),
        "en: note_label",
        "has a lone `{` or `}`",
    ),
    (
        "python tag",
        replace("  name: Valley Spine Clinic", "  name: !!python/object/apply:os.system [ls]"),
        "name: !!python",
        "YAML tags like `!!python/object/apply:os.system` are not allowed",
    ),
    (
        "custom tag",
        replace("  phone: (555) 010-0199", "  phone: !phone (555) 010-0199"),
        "phone: !phone",
        "YAML tags like `!phone` are not allowed",
    ),
    (
        "anchor and alias in the file",
        replace(
            "      en: Talk to us\n      es: Hable con nosotros", "      en: &t Talk\n      es: *t"
        ),
        "en: &t",
        "YAML anchors and aliases (& and *) are not allowed",
    ),
    (
        "YAML syntax error: indentation",
        replace("  phone: (555)", " phone: (555)"),
        "phone: (555)",
        "check the indentation",
    ),
    (
        "YAML syntax error: unquoted ': '",
        replace("  name: Valley Spine Clinic", "  name: Valley: Spine Clinic"),
        "name: Valley:",
        "text with ': ' is quoted",
    ),
    (
        "tab indentation",
        replace("    kind: info\n", "\tkind: info\n"),
        "kind: info",
        "indent with spaces, not tabs",
    ),
    (
        "invisible control character",
        replace("Valley Spine", "Valley\x07 Spine"),
        "name: Valley",
        "invisible control character U+0007",
    ),
    (
        "nesting too deep",
        replace("references: [nhs-lss]", "references: " + "[" * 25 + "]" * 25),
        "references: [[",
        "nested more than 20 levels deep",
    ),
    (
        "first screen not attract",
        replace("  - id: attract\n    kind: attract\n", "  - id: welcome\n    kind: info\n"),
        "- id: welcome",
        "the first screen must be `id: attract` with `kind: attract`",
    ),
    (
        "next_step not last",
        both(
            replace(
                "  - id: sources\n    kind: sources\n", "  - id: sources\n    kind: next_step\n"
            ),
            replace(
                "  - id: next_step\n    kind: next_step\n", "  - id: next_step\n    kind: sources\n"
            ),
        ),
        "- id: sources",
        "the `next_step` screen must be the last screen",
    ),
    (
        "two sources screens",
        replace(
            "  - id: next_step\n",
            "  - id: more\n    kind: sources\n    title: {en: More, es: Más}\n  - id: next_step\n",
        ),
        "- id: more",
        "only one `sources` screen is allowed",
    ),
    (
        "no sources screen",
        replace("    kind: sources\n", "    kind: info\n"),
        "screens:",
        "there is no `sources` screen",
    ),
    (
        "checklist without items",
        replace(CHECKLIST_ITEMS, ""),
        "- id: self_check",
        "a `checklist` screen needs `items`",
    ),
    (
        "items on a screen that is not a checklist",
        replace("    kind: urgent\n", "    kind: urgent\n    items: []\n"),
        "items: []",
        "only `checklist` screens can have `items`",
    ),
    (
        "duplicate checklist item id",
        replace("      - id: better_sitting\n", "      - id: legs_walking\n"),
        ("- id: legs_walking", "- id: legs_walking"),
        "item id `legs_walking` is used twice",
    ),
    (
        "too many screens",
        replace("  - id: sources\n", EXTRA_SCREENS + "  - id: sources\n"),
        "screens:",
        "`screens` has 66 entries; the limit is 60",
    ),
    (
        "bad language code",
        replace("  - code: es\n", "  - code: Spanish\n"),
        "- code: Spanish",
        "`Spanish` is not a language code like `en` or `es`",
    ),
    (
        "no languages",
        replace(
            "languages:\n  - code: en\n    name: English\n  - code: es\n    name: Español\n", ""
        ),
        "version:",
        "the file is missing `languages`",
    ),
    (
        "empty list of languages",
        replace("  - code: en\n    name: English\n  - code: es\n    name: Español\n", "  []\n"),
        "languages:",
        "`languages` needs at least one language",
    ),
    (
        "duplicate language",
        replace("  - code: es\n", "  - code: en\n"),
        ("- code: en", "- code: en"),
        "language `en` is used twice",
    ),
    (
        "phone region not a country code",
        replace("  phone_region: US", "  phone_region: usa"),
        "phone_region:",
        "`phone_region` must be two capitals, like `US`",
    ),
    (
        "clinic web page not a web address",
        replace("  phone_region: US\n", "  phone_region: US\n  web_page: example.org/our page\n"),
        "web_page:",
        "`web_page` must be a web address like https://example.org/patients",
    ),
    (
        "wrong version",
        replace("version: 1\n", "version: 2\n"),
        "version:",
        "`version` must be 1",
    ),
    (
        "list where a block is needed",
        with_kiosk("  - 90\n"),
        "kiosk:",
        "`kiosk` must be a block of `key: value` lines",
    ),
]


@pytest.mark.parametrize(
    ("edit", "where", "phrase"),
    [pytest.param(edit, where, phrase, id=name) for name, edit, where, phrase in BROKEN],
)
def test_broken_file_is_reported_at_its_line(
    write_content: Callable[[str], Path], edit: Edit, where: Where, phrase: str
) -> None:
    text = edit(VALID_CONTENT)
    assert_reports(write_content(text), line_of(text, where), phrase)


# --- broken files that are not text edits ----------------------------------------------


def test_alias_bomb_is_refused(write_content: Callable[[str], Path]) -> None:
    """A "billion laughs" file is refused from its first anchor, before anything expands."""
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        rows.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    error = assert_reports(write_content("\n".join(rows) + "\n"), 1, "anchors and aliases")
    assert len(error.problems) == 1


def test_file_over_1_mb_is_refused_before_reading(write_content) -> None:
    path = write_content(VALID_CONTENT + "#" * MAX_BYTES + "\n")
    size = path.stat().st_size
    assert_reports(path, 1, f"the file is {size:,} bytes; the limit is 1 MB")


def test_invalid_utf8_names_the_line(write_content) -> None:
    data = VALID_CONTENT.replace("Español", "Espa\xf1ol").encode("latin-1")
    assert_reports(write_content(data), line_of(VALID_CONTENT, "name: Espa"), "not UTF-8 text")


def test_empty_file(write_content) -> None:
    assert_reports(write_content(""), 1, "the file is empty")


def test_missing_file_is_a_content_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    assert_reports(path, 1, "cannot read the file")


def test_every_problem_is_reported_at_once_in_line_order(write_content) -> None:
    edits = [
        replace("  phone_region: US\n", "  phone_region: us\n"),
        replace("    kind: info\n", "    kind: infoo\n"),
        replace("      es: ¿Qué es la estenosis espinal?\n", ""),
        replace("references: [nhs-lss]", "references: [nhs-lsss]"),
        replace("  - id: warning_signs\n", "  - id: stenosis\n"),
        replace("  next:\n", "  nxt:\n"),
    ]
    text = VALID_CONTENT
    for edit in edits:
        text = edit(text)
    path = write_content(text)
    error = errors_of(path)

    expected = {
        line_of(text, "phone_region:"),
        line_of(text, "kind: infoo"),
        line_of(text, ("- id: stenosis", "title:")),
        line_of(text, "references: [nhs-lsss]"),
        line_of(text, ("- id: self_check", "- id: stenosis")),
        line_of(text, "ui:"),
        line_of(text, "nxt:"),
    }
    assert expected <= {problem.line for problem in error.problems}
    lines = [problem.line for problem in error.problems]
    assert lines == sorted(lines)
    for problem, printed in zip(error.problems, str(error).splitlines(), strict=True):
        assert printed == f"{path}:{problem.line}: {problem.message}"


# --- robustness: any mangled file loads or raises ContentError, never anything else --------

MANGLES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=VALID_CONTENT.count("\n") - 1),
        st.text(alphabet=" \t-:[]{}&*!#|>'\"?,%@`\\abcen0123\n", max_size=12),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150)
@given(mangles=MANGLES)
def test_mangled_files_only_ever_raise_content_error(
    tmp_path_factory: pytest.TempPathFactory, mangles: list[tuple[int, str]]
) -> None:
    folder = tmp_path_factory.mktemp("mangled")
    (folder / "assets").mkdir()
    for picture in PICTURES:
        (folder / "assets" / picture).write_text(SVG, encoding="utf-8")
    lines = VALID_CONTENT.splitlines()
    for index, replacement in mangles:
        lines[index] = replacement
    text = "\n".join(lines) + "\n"
    path = folder / "content.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_content(path)
    except ContentError as error:
        assert error.problems
        assert all(1 <= p.line <= text.count("\n") + 1 for p in error.problems), str(error)


def test_a_picture_name_too_long_for_the_file_system_is_reported_not_raised(tmp_path):
    """Found by the content fuzzer: Path.is_file raises for a 300-character name."""
    edit = replace("illustration: assets/spine_canal.svg",
                   f"illustration: assets/{'a' * 300}.svg")  # fmt: skip
    content_file = tmp_path / "content.yaml"
    (tmp_path / "assets").mkdir()
    for name in PICTURES:
        (tmp_path / "assets" / name).write_text(SVG)
    content_file.write_text(edit(VALID_CONTENT))
    assert_reports(content_file, line_of(edit(VALID_CONTENT), "illustration: assets/aaa"),
                   "does not exist")  # fmt: skip
