"""The bundled themes meet WCAG AAA for body text (7:1) and AA (4.5:1) for everything else."""

from __future__ import annotations

import pytest

from kiosk.content.colors import CONTRAST_PAIRS, contrast_ratio
from kiosk.content.loader import load_content
from kiosk.paths import bundle_root


@pytest.fixture(scope="module")
def content():
    return load_content(bundle_root() / "content.yaml")


@pytest.mark.parametrize("theme_name", ["theme", "high_contrast"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), CONTRAST_PAIRS)
def test_theme_pairs_meet_contrast(content, theme_name, fg, bg, minimum):
    theme = getattr(content, theme_name)
    ratio = contrast_ratio(getattr(theme, fg), getattr(theme, bg))
    assert ratio >= minimum, f"{theme_name}.{fg} on {bg}: {ratio:.2f}:1 < {minimum}:1"


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
