"""One application-wide event filter that hands input events to the kiosk's watchers.

Idle time, swipes, keyboard access and the scroll areas' drags each need to see every tap or
key press anywhere in the application. As separate application filters, each cost a Python
call for *every* event of every widget: a restyle sends hundreds of style, font and layout
events, and three or four filters made up a quarter of a Text size tap. Here one filter
looks at the event type once and calls the watchers for input only; while the window
re-styles itself (`paused`) it is not installed at all, since a restyle sends no input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import isValid

INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Wheel,
    }
)


class InputHub(QObject):
    """Calls each watcher's `eventFilter` for input events, newest watcher first (the order
    in which Qt calls application filters); the first that returns True consumes the event."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._watchers: list[QObject] = []
        self._connected: set[int] = set()  # watchers whose `destroyed` is connected
        self._pauses = 0
        app.installEventFilter(self)

    def add(self, watcher: QObject) -> None:
        """Watch from now on until removed or destroyed (as Qt forgets a deleted filter)."""
        if watcher not in self._watchers:
            self._watchers.insert(0, watcher)
        if id(watcher) not in self._connected:  # once: a scroll area comes and goes
            self._connected.add(id(watcher))
            watcher.destroyed.connect(partial(self._forget, watcher))

    def remove(self, watcher: QObject) -> None:
        if watcher in self._watchers:
            self._watchers.remove(watcher)

    def _forget(self, watcher: QObject, _destroyed: QObject | None = None) -> None:
        self._connected.discard(id(watcher))
        self.remove(watcher)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in INPUT:
            return False
        # A copy: a watcher may add or remove one.
        return any(watcher.eventFilter(watched, event) for watcher in tuple(self._watchers))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Off while the block runs (a restyle: many events, none of them input)."""
        if self._pauses == 0:
            self._app.removeEventFilter(self)
        self._pauses += 1
        try:
            yield
        finally:
            self._pauses -= 1
            if self._pauses == 0:
                self._app.installEventFilter(self)


_hub: InputHub | None = None


def input_hub() -> InputHub:
    """The hub of the running application, made on first use."""
    global _hub
    app = QCoreApplication.instance()
    if _hub is None or not isValid(_hub) or _hub.parent() is not app:
        _hub = InputHub(app)
    return _hub


def without_input_watchers[**P, R](method: Callable[P, R]) -> Callable[P, R]:
    """Run `method` with the hub paused (see `InputHub.paused`)."""

    @wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with input_hub().paused():
            return method(*args, **kwargs)

    return run
