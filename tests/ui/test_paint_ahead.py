"""What keeps taps within a frame, checked for behaviour (the timing is in bench/): pages are
polished and laid out in idle turns before their first visit, icons are drawn once per size,
and the progress bar takes its value without painting in the middle of a tap."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt

from kiosk.ui.icons import icon
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.progress import ProgressBar


def test_idle_turns_polish_every_page_and_lay_out_the_next_ones_ahead(make_window, qtbot):
    window = make_window()
    polished = Qt.WidgetAttribute.WA_WState_Polished
    qtbot.waitUntil(lambda: all(p.testAttribute(polished) for p in window.pages.values()))
    window.go_next()  # on a walkthrough page the stack has the size all of them share
    walkthrough = [window.pages[screen.id] for screen in window.content.screens[1:]]
    qtbot.waitUntil(lambda: all(p.size() == window.screens.size() for p in walkthrough))
    ahead = walkthrough[1].size()  # laid out before its first visit ...
    window.go_next()
    assert window.screens.currentWidget() is walkthrough[1]
    assert walkthrough[1].size() == ahead  # ... so showing it resizes nothing


def test_an_icon_is_drawn_once_per_size_and_state(qtbot):
    globe = icon("fa5s.globe", "#123456")
    first = globe.pixmap(QSize(40, 40))
    assert globe.pixmap(QSize(40, 40)).cacheKey() == first.cacheKey()
    assert globe.pixmap(QSize(48, 48)).size() == QSize(48, 48)
    assert first.toImage().pixelColor(20, 20).name() in {"#123456", "#000000"}


def test_the_progress_bar_takes_its_value_and_paints_later(qtbot):
    bar = ProgressBar()
    qtbot.addWidget(bar)
    bar.setRange(0, 15)
    bar.show()
    qtbot.waitExposed(bar)
    bar.setValue(3)
    assert bar.value() == 3
    assert bar.updatesEnabled()
    bar.setValue(99)  # out of range: ignored, as QProgressBar does
    assert bar.value() == 3


def test_after_a_new_text_size_the_next_page_is_ready_before_the_tap(
    make_window, qtbot, monkeypatch
):
    """Idle turns restyle, lay out and draw the pages nearest the one on screen first, so
    Next after Text size only paints: no picture is drawn in the tap."""
    drawn: list[tuple[Illustration, QSize]] = []
    draw = Illustration._draw
    monkeypatch.setattr(
        Illustration, "_draw", lambda self, size: drawn.append((self, size)) or draw(self, size)
    )
    window = make_window()
    window.go_next()
    qtbot.waitUntil(lambda: not window.catching_up)
    window.next_text_level()
    qtbot.waitUntil(lambda: not window.catching_up)
    drawn.clear()
    window.go_next()
    window.repaint()
    assert window.screens.currentWidget().findChildren(Illustration)  # a page with a picture
    assert drawn == []
