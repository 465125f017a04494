"""Fixtures for the robustness tests: bundled content, a shown kiosk window, real SQLite."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_content
from kiosk.content.model import Content
from kiosk.context import build_context
from kiosk.paths import bundle_root
from kiosk.requests.store import RequestStore
from kiosk.ui import app as ui_app
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
    stores = []

    def make(
        size: tuple[int, int] = (1920, 1080),
        wrap: Callable[[RequestStore], RequestStore] = lambda store: store,
    ) -> KioskWindow:
        context = build_context(content, data_dir)
        stores.append(context.store)
        context = dataclasses.replace(context, store=wrap(context.store))
        reader = bilingual_reader()
        window = ui_app.kiosk_window(context, reader=reader)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(reader.is_settled, timeout=5000)
        window.activateWindow()  # fields get focus (and shortcuts fire) only when active
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        window.build_all_pages()  # as the idle turns after the first paint leave it
        return window

    yield make
    for store in stores:
        store.close()
