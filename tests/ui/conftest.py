"""Fixtures for driving the real kiosk window with qtbot: bundled content, real SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.content.loader import load_content
from kiosk.content.model import Content
from kiosk.context import build_context
from kiosk.paths import bundle_root
from kiosk.settings import DeviceSettings
from kiosk.ui.app import kiosk_window
from kiosk.ui.speech import Reader
from kiosk.ui.window import KioskWindow
from tests.support.speech import bilingual_reader

SIZES = [(1280, 800), (1920, 1080), (1080, 1920)]


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(bundle_root() / "content.yaml")


@pytest.fixture
def make_window(qtbot, tmp_path, content) -> Iterator[Callable[..., KioskWindow]]:
    """Build a shown KioskWindow at a size, storing requests under tmp_path/data. It reads
    aloud with Qt's mock engine (never the computer's voice), in English and Spanish."""
    stores = []

    def make(
        size: tuple[int, int] = (1920, 1080),
        idle_seconds: float | None = None,
        reader: Reader | None = None,
    ):
        settings = DeviceSettings(idle_timeout_seconds=idle_seconds)
        context = build_context(content, tmp_path / "data", settings)
        stores.extend([context.store, context.usage])
        reader = reader or bilingual_reader()
        window = kiosk_window(context, reader=reader)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(reader.is_settled, timeout=5000)
        QApplication.processEvents()
        window.build_all_pages()  # as the idle turns after the first paint leave it
        return window

    yield make
    for store in stores:
        store.close()


def current_name(window: KioskWindow) -> str:
    return window.screens.currentWidget().objectName()
