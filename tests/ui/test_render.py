"""`render` draws every page to a PNG of the asked size, and each has real content."""

from __future__ import annotations

from PySide6.QtGui import QImage

from kiosk.ui.render import render_screens


def distinct_colours(image: QImage, step: int = 16) -> int:
    width, height = image.width(), image.height()
    return len({image.pixel(x, y) for x in range(0, width, step) for y in range(0, height, step)})


def test_render_writes_one_png_per_screen_plus_extras(qapp, content, tmp_path):
    written = render_screens(content, tmp_path, (1280, 800), "es")
    names = [p.name for p in written]
    expected = [f"{n:02d}-{s.id}.png" for n, s in enumerate(content.screens, start=1)]
    assert names[: len(expected)] == expected
    assert [n.split("-", 1)[1] for n in names[len(expected) :]] == [
        "form.png",
        "form_keyboard.png",
        "form_errors.png",
        "thanks.png",
        "idle_warning.png",
        "staff_pin.png",
        "staff_pin_typing.png",
        "staff_panel_0.png",
        "staff_panel_3.png",
        "staff_panel_300.png",
        "staff_export.png",
        "staff_usage.png",
        "staff_usage_90.png",
        "desk_pin.png",
        "desk.png",
        "desk_usage.png",
    ]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800)
        assert distinct_colours(image) > 20, f"{path.name} looks blank"
