"""The one application filter: watchers see input only, newest first, and are forgotten when
deleted; a paused hub sees nothing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.ui.input_hub import input_hub


class Recorder(QObject):
    def __init__(self, log: list[tuple[str, QEvent.Type]], name: str, consume: bool = False):
        super().__init__()
        self.log, self.name, self.consume = log, name, consume

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.log.append((self.name, event.type()))
        return self.consume


def test_watchers_see_input_only_newest_first_and_may_consume(qtbot):
    button = QPushButton("x")
    qtbot.addWidget(button)
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    log: list[tuple[str, QEvent.Type]] = []
    old, new = Recorder(log, "old"), Recorder(log, "new")
    hub = input_hub()
    hub.add(old)
    hub.add(new)
    try:
        QApplication.sendEvent(button, QEvent(QEvent.Type.StyleChange))
        assert log == []  # not input
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        names = [name for name, kind in log if kind == QEvent.Type.MouseButtonPress]
        assert names[:2] == ["new", "old"]
        assert clicks == [True]
        new.consume = True
        log.clear()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert clicks == [True]  # the newest watcher took the press and release
        assert all(name == "new" for name, _kind in log)
    finally:
        hub.remove(old)
        hub.remove(new)


def test_a_deleted_watcher_is_forgotten_and_a_paused_hub_sees_nothing(qtbot):
    button = QPushButton("x")
    qtbot.addWidget(button)
    log: list[tuple[str, QEvent.Type]] = []
    gone, kept = Recorder(log, "gone"), Recorder(log, "kept")
    hub = input_hub()
    hub.add(gone)
    hub.add(kept)
    try:
        gone.deleteLater()
        qtbot.waitUntil(lambda: gone not in hub._watchers)
        with hub.paused():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert log == []
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert {name for name, _kind in log} == {"kept"}
    finally:
        hub.remove(kept)
