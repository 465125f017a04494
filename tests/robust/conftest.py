"""Fixtures for the robustness tests: bundled content, a shown kiosk window, real SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_content
from kiosk.content.model import Content
from kiosk.paths import bundle_root
from kiosk.requests.store import RequestStore
from kiosk.requests.stores import open_store
from kiosk.ui.theme import load_fonts
from kiosk.ui.window import KioskWindow
from tests.support.speech import bilingual_reader


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(bundle_root() / "content.yaml")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def kiosk_window(qtbot, data_dir: Path, content: Content) -> Iterator[Callable[..., KioskWindow]]:
    """Build a shown, active KioskWindow; `wrap` may put a spy around the real store. It
    reads aloud with Qt's mock engine (never the computer's voice), as tests/ui does."""
    load_fonts()
    stores = []

    def make(
        size: tuple[int, int] = (1920, 1080),
        wrap: Callable[[RequestStore], RequestStore] = lambda store: store,
    ) -> KioskWindow:
        store = open_store(data_dir)
        stores.append(store)
        reader = bilingual_reader()
        window = KioskWindow(content, wrap(store), data_dir, reader=reader)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(reader.is_settled, timeout=5000)
        window.activateWindow()  # fields get focus (and shortcuts fire) only when active
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        return window

    yield make
    for store in stores:
        store.close()
