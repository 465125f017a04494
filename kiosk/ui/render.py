"""`render`: one PNG per screen, so a clinic can review a content edit without a touchscreen."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.content.model import Content
from kiosk.requests.store import open_store
from kiosk.session import FORM, THANKS
from kiosk.ui.window import KioskWindow


def render_screens(
    content: Content, out_dir: Path, size: tuple[int, int], language: str
) -> list[Path]:
    """Draw every page at `size` in `language` into out_dir/NN-<id>.png; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch))
        window = KioskWindow(content, store, Path(scratch))
        window.resize(*size)
        window.show()
        window.set_language(language)

        def shoot(name: str) -> None:
            QApplication.processEvents()
            path = out_dir / f"{len(written) + 1:02d}-{name}.png"
            window.grab().save(str(path))
            written.append(path)

        for screen in content.screens:
            window.show_page(screen.id)
            shoot(screen.id)
        window.show_page(FORM)
        shoot("form")
        window.form.fields["name"].setFocus()
        shoot("form_keyboard")
        window.form.submit()
        shoot("form_errors")
        window.show_page(THANKS)
        window.thanks.show_reference("K7Q4M2", 3600)
        shoot("thanks")
        window.show_page(content.screens[1].id)
        window.idle_warning.start(content.kiosk.idle_warning_seconds)
        shoot("idle_warning")
        window.start_over()
        window.close()
        store.close()
    return written
