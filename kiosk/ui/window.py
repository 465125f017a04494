"""The kiosk window: top bar, the stack of screens, the navigation bar and the idle layer.

It only translates taps into `Session` calls and shows whatever page the session names;
`start_over()` is the one path by which a patient is forgotten.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Language, Theme
from kiosk.requests.store import RequestStore
from kiosk.session import FORM, THANKS, Session
from kiosk.staff.audit import AuditLog
from kiosk.ui.accessibility import KeyboardAccess, chain_tab_order
from kiosk.ui.icons import icon
from kiosk.ui.idle import IdleWarning, IdleWatcher
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.screens.page import Page
from kiosk.ui.screens.thanks import ThanksScreen
from kiosk.ui.screens.walkthrough import WalkthroughScreen
from kiosk.ui.speech import AUTO, VOLUMES, Reader
from kiosk.ui.staff.area import StaffArea
from kiosk.ui.staff.gesture import HoldGesture
from kiosk.ui.swipe import SwipeDetector
from kiosk.ui.theme import TEXT_LEVELS, Metrics, style_sheet
from kiosk.ui.widgets.focus_ring import FocusRing
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.slide_in import SlideIn
from kiosk.ui.widgets.tiles import level_icon, tool_tile
from kiosk.ui.widgets.wrap_bar import WrapBar


class KioskWindow(QWidget):
    """The whole patient-facing kiosk."""

    def __init__(
        self,
        content: Content,
        store: RequestStore,
        data_dir: Path,
        idle_seconds: float | None = None,
        parent: QWidget | None = None,
        *,
        reader: Reader | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.content = content
        self.session = Session([s.id for s in content.screens], content.default_language)
        self.metrics: Metrics | None = None
        self._styled: tuple[Metrics, Theme] | None = None
        # Tests and render bring their own engine; the kiosk looks for one after its first paint.
        self.reader = reader or Reader(AUTO, wait_for=self)
        self.reader.setParent(self)
        self.reader.speaking_changed.connect(self._show_reading)
        self.reader.voices_changed.connect(self._update_listen)
        self.reader.set_volume(VOLUMES[self.session.volume_level])

        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.slide = SlideIn(content.kiosk.transition_ms, self)
        self.attract = AttractScreen(content)
        self.attract.start_requested.connect(self.go_next)
        self.attract.form_requested.connect(self.open_form)
        self.pages: dict[str, Page] = {"attract": self.attract}
        self.screens.addWidget(self.attract)
        for screen in content.screens[1:]:
            page = WalkthroughScreen(content, screen)
            page.tick_toggled.connect(self.session.toggle_tick)
            self.pages[screen.id] = page
            self.screens.addWidget(page)
        self.form = FormScreen(content, store)
        self.form.submitted.connect(self._on_submitted)
        self.form.typing.connect(self._make_room_for_keyboard)
        self.form.warning_signs_requested.connect(self.show_warning_signs)
        self.thanks = ThanksScreen(content)
        self.thanks.finished.connect(self.start_over)
        self.thanks.warning_signs_requested.connect(self.show_warning_signs)
        self.pages[FORM] = self.form
        self.pages[THANKS] = self.thanks
        self.screens.addWidget(self.form)
        self.screens.addWidget(self.thanks)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is the screen: content must fit it, never push it larger (tests check).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self._build_top_bar())
        layout.addWidget(self.screens, 1)
        layout.addWidget(self._build_nav_bar())

        seconds = idle_seconds or content.kiosk.idle_timeout_seconds
        self.idle = IdleWatcher(seconds, self)
        self.idle.idle.connect(self._on_idle)
        self.idle_warning = IdleWarning(self)
        self.idle_warning.still_here.connect(self.idle.start)
        self.idle_warning.expired.connect(self.start_over)
        self.swipe = SwipeDetector(self)
        self.swipe.swiped.connect(self._on_swipe)
        self._build_staff_area(store, data_dir)
        self.focus_ring = FocusRing(self)
        self.keyboard_access = KeyboardAccess(self, self.focus_ring)
        app = QGuiApplication.instance()
        app.installEventFilter(self.idle)
        app.installEventFilter(self.swipe)
        app.installEventFilter(self.keyboard_access)
        self._touch_focus_only()
        self._chain_tab_order()
        self.set_language(content.default_language)
        self._show_current()

    def _touch_focus_only(self) -> None:
        """Tapping a control must not leave a focus ring behind; Tab still reaches it."""
        # The window itself never takes focus from a click: Qt hands a click on a key of the
        # on-screen keyboard to the nearest click-focusable ancestor, which would steal the
        # focus (and the cursor) from the field being typed into.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for control in self.findChildren(QAbstractButton):
            if control.focusPolicy() == Qt.FocusPolicy.StrongFocus:
                control.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _chain_tab_order(self) -> None:
        """Tab goes top bar, then the page, then the nav bar, as the eye reads the screen."""
        top = [self.listen_button, self.volume_button, self.text_size_button,
               self.contrast_button, self.language_button]  # fmt: skip
        nav = [self.back_button, self.start_over_button, self.request_button, self.next_button]
        page_controls = [
            widget
            for widget in self.screens.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        chain_tab_order([*top, *page_controls, *nav, self.idle_warning.button])

    # ----- building -------------------------------------------------------------------------
    def _build_top_bar(self) -> WrapBar:
        self.logo = Illustration(self.content.clinic.logo, self.content.clinic.name)
        self.logo.setObjectName("clinicLogo")
        self.clinic_name = QLabel(self.content.clinic.name)
        self.clinic_name.setProperty("role", "clinic")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setProperty("role", "progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setRange(0, self.session.total_steps)
        self.progress = QWidget()
        progress = QVBoxLayout(self.progress)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignCenter)
        progress.addWidget(self.progress_bar)

        self.listen_button = tool_tile("listenButton")
        self.listen_button.clicked.connect(self.toggle_reading)
        self.volume_button = tool_tile("volumeButton")
        self.volume_button.clicked.connect(self.next_volume)
        self.text_size_button = tool_tile("textSizeButton")
        self.text_size_button.clicked.connect(self.next_text_level)
        self.contrast_button = tool_tile("contrastButton")
        self.contrast_button.setCheckable(True)
        self.contrast_button.clicked.connect(self.set_high_contrast)
        self.language_button = tool_tile("languageButton")
        self.language_button.clicked.connect(self.next_language)
        self.language_button.setVisible(len(self.content.languages) > 1)
        self.top_bar = WrapBar(
            "topBar",
            [
                [(self.logo, 0), (self.clinic_name, 2), (self.progress, 3)],
                [(self.listen_button, 0), (self.volume_button, 0)],  # hearing
                [(self.text_size_button, 0), (self.contrast_button, 0), (self.language_button, 0)],
            ],
            optional=self.clinic_name,
        )
        return self.top_bar

    def _build_staff_area(self, store: RequestStore, data_dir: Path) -> None:
        """A full-window layer, opened by holding the logo for 3 s or by Ctrl+Alt+S."""
        self.staff = StaffArea(
            store,
            data_dir,
            AuditLog(data_dir),
            self.content.kiosk.staff_lock_seconds,
            phone_region=self.content.clinic.phone_region,
        )
        self.staff.setParent(self)
        self.staff.hide()
        self.staff.closed.connect(self.close_staff_area)
        self.staff.exit_requested.connect(QApplication.quit)
        self.staff_gesture = HoldGesture(self.logo)
        self.staff_gesture.triggered.connect(self.open_staff_area)
        shortcut = QShortcut(QKeySequence("Ctrl+Alt+S"), self)
        shortcut.activated.connect(self.open_staff_area)

    def _build_nav_bar(self) -> WrapBar:
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.go_back)
        self.start_over_button = QPushButton()
        self.start_over_button.setObjectName("startOverButton")
        self.start_over_button.clicked.connect(self.start_over)
        self.request_button = QPushButton()
        self.request_button.setObjectName("requestButton")
        self.request_button.clicked.connect(self.open_form)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextButton")
        self.next_button.setProperty("primary", True)
        # Icon after the text: the arrow points where the patient is going.
        self.next_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.next_button.clicked.connect(self.go_next)
        self.nav_bar = WrapBar(
            "navBar",
            [
                [(self.back_button, 0), (self.start_over_button, 0)],
                [(self.request_button, 0), (self.next_button, 0)],
            ],
        )
        return self.nav_bar

    # ----- navigation -----------------------------------------------------------------------
    def go_next(self) -> None:
        if self.session.on_attract:
            self.idle.start()
        self.session.next()
        self._show_current(direction=1)

    def go_back(self) -> None:
        if self.session.step == 1 and not self.session.page:
            self.start_over()  # back from the first screen is the welcome screen: forget all
            return
        self.session.back()
        if self.session.on_attract:  # a detour opened from the welcome screen: forget all
            self.start_over()
            return
        self._show_current(direction=-1)

    def open_form(self) -> None:
        if self.session.on_attract:
            self.idle.start()
        self.session.open_form()  # the warning signs first, once per visit
        self._show_current()

    def show_warning_signs(self) -> None:
        """From the form or the thank-you screen; Next and Back lead back there."""
        self.session.show_warning_signs()
        self._show_current()

    def show_page(self, page_id: str) -> None:
        """Jump straight to a page (render and tests)."""
        self.session.go_to(page_id)
        self._show_current()

    def open_staff_area(self) -> None:
        """Forget any patient first: staff must never see a half-filled form."""
        self.start_over()
        self.idle.stop()
        self.staff.setGeometry(self.rect())
        self.staff.open()
        self.staff.show()
        self.staff.raise_()

    def close_staff_area(self) -> None:
        self.staff.hide()
        self.start_over()

    def start_over(self) -> None:
        """Forget the patient: answers, ticks, typed text, scroll positions, clipboard, and
        how they chose to see and hear the kiosk (text size, contrast, reading aloud)."""
        self.idle_warning.cancel()
        self.idle.stop()
        self.reader.stop()
        self.session.reset()
        for page in self.pages.values():
            page.reset()
        QGuiApplication.clipboard().clear()
        self.reader.set_volume(VOLUMES[self.session.volume_level])
        self.set_language(self.session.language)
        self._restyle()
        self._show_current()

    # ----- seeing and hearing ---------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return self.content.high_contrast if self.session.high_contrast else self.content.theme

    def next_text_level(self) -> None:
        """Normal, large, largest, normal again: one button, always in the same place."""
        self.session.next_text_level(len(TEXT_LEVELS))
        self._restyle()
        self._update_tiles()

    def set_high_contrast(self, on: bool) -> None:
        self.session.high_contrast = on
        self.contrast_button.setChecked(on)
        self._restyle()

    def toggle_reading(self) -> None:
        """Read the current screen aloud, or stop reading it."""
        if self.reader.is_speaking():
            self.reader.stop()
            return
        text = self.pages[self.session.current].spoken_text()
        self.reader.speak(text, self.session.language)

    def next_volume(self) -> None:
        self.session.next_volume_level(len(VOLUMES))
        self.reader.set_volume(VOLUMES[self.session.volume_level])
        self._update_tiles()

    def _show_reading(self, _speaking: bool) -> None:
        self._update_tiles()

    def _update_listen(self) -> None:
        """Listen (and its volume) only where a voice for the language is installed."""
        can_speak = self.reader.can_speak(self.session.language)
        for tile in (self.listen_button, self.volume_button):
            tile.setVisible(can_speak)

    def _update_tiles(self) -> None:
        """Words, icons and spoken states of the top bar's tools for the language and theme."""
        ui, language, theme = self.content.ui_text, self.session.language, self.theme
        size = self.metrics.tile_icon if self.metrics else 46
        speaking = self.reader.is_speaking()
        self.listen_button.setText(ui("stop_listening" if speaking else "listen", language))
        self.listen_button.setIcon(
            icon("fa5s.stop-circle" if speaking else "fa5s.play-circle", theme.primary)
        )
        count, level = len(VOLUMES), self.session.volume_level
        self.volume_button.setText(ui("volume", language))
        self.volume_button.setIcon(level_icon("fa5s.volume-up", level, count, theme.primary, size))
        self.volume_button.setAccessibleDescription(
            ui("volume_state", language, level=level + 1, count=count)
        )
        count, level = len(TEXT_LEVELS), self.session.text_level
        self.text_size_button.setText(ui("text_size", language))
        self.text_size_button.setIcon(
            level_icon("fa5s.text-height", level, count, theme.primary, size)
        )
        self.text_size_button.setAccessibleDescription(
            ui("text_size_state", language, level=level + 1, count=count)
        )
        self.contrast_button.setText(ui("contrast", language))
        self.contrast_button.setChecked(self.session.high_contrast)
        on_colour = theme.background if self.session.high_contrast else theme.primary
        self.contrast_button.setIcon(icon("fa5s.adjust", on_colour))
        self.language_button.setText(self._following_language().name)
        self.language_button.setIcon(icon("fa5s.globe", theme.primary))

    def next_language(self) -> None:
        self.set_language(self._following_language().code)

    def _following_language(self) -> Language:
        codes = [language.code for language in self.content.languages]
        return self.content.languages[(codes.index(self.session.language) + 1) % len(codes)]

    def set_language(self, language: str) -> None:
        """Show every page in `language`; the place and anything typed stay."""
        self.session.language = language
        for page in self.pages.values():
            page.set_language(language)
        ui = self.content.ui_text
        self.back_button.setText(ui("back", language))
        self.start_over_button.setText(ui("start_over", language))
        self.request_button.setText(ui("request_consultation", language))
        self._label_next()
        self.idle_warning.set_texts(
            ui("idle_title", language), ui("idle_body", language), ui("still_here", language)
        )
        self.reader.stop()  # a screen half read in the other language helps nobody
        self._update_tiles()
        self._update_listen()
        self._update_progress()

    def _show_current(self, direction: int = 0) -> None:
        if self.session.page == FORM:
            self.form.set_self_check(self._ticked_texts())
        page = self.pages[self.session.current]
        if page is not self.screens.currentWidget():
            self.reader.stop()  # reading belongs to the screen it was started on
            self.screens.setCurrentWidget(page)
            self.slide.play(page, direction)
        self.setFocus()  # each page starts with nothing focused (Tab begins at the top)
        on_attract = self.session.on_attract
        page = self.session.page
        self.nav_bar.setVisible(not on_attract and page != THANKS)
        self.next_button.setVisible(page == "")
        self.request_button.setVisible(page == "" and not self.session.detour_from)
        self._label_next()
        if page == THANKS:
            self.thanks.resume()
        else:
            self.thanks.pause()
        self.progress.setVisible(not on_attract and not page)
        self._make_room_for_keyboard()
        if on_attract:
            self.idle.stop()
        self._update_progress()

    def _label_next(self) -> None:
        """On a detour to the warning signs, Next says where it leads."""
        session, ui = self.session, self.content.ui_text
        key = {FORM: "continue_to_form", THANKS: "back"}.get(session.detour_to, "next")
        if session.detour_from == FORM:
            key = "back_to_form"
        self.next_button.setText(ui(key, session.language))

    def _make_room_for_keyboard(self) -> None:
        """The top bar gives its height to the form's fields while the keyboard is up."""
        typing = self.session.page == FORM and self.form.is_typing()
        self.top_bar.setHidden(typing)

    def _update_progress(self) -> None:
        step, total = self.session.step, self.session.total_steps
        self.progress_bar.setValue(step)
        text = self.content.ui_text("progress", self.session.language, step=step, total=total)
        self.progress_label.setText(text)
        self.progress_bar.setAccessibleName(text)  # a screen reader says "Step 3 of 15"

    def _ticked_texts(self) -> tuple[str, ...]:
        """The self-check items the patient ticked, in the language they are reading."""
        language = self.session.language
        return tuple(
            item.text.get(language)
            for screen in self.content.screens
            for item in screen.items
            if item.id in self.session.ticked
        )

    def _on_swipe(self, direction: int) -> None:
        if self.session.page or self.session.detour_from:
            return  # never swipe away from the form or a detour to the warning signs
        if self.idle_warning.isVisible() or self.staff.isVisible():
            return  # nor from the idle warning or the staff area
        if direction > 0:
            self.go_next()
        elif not self.session.on_attract:
            self.go_back()

    def _on_idle(self) -> None:
        if self.session.on_attract or self.staff.isVisible():
            return
        self.idle_warning.start(self.content.kiosk.idle_warning_seconds)

    def _on_submitted(self, reference_code: str) -> None:
        self.session.submitted()
        self.thanks.show_reference(reference_code, self.content.kiosk.thanks_seconds)
        self._show_current()

    # ----- keys and closing ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Space on the welcome screen starts, as a tap anywhere does."""
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if self.session.on_attract and event.key() in keys and not self.staff.isVisible():
            self.go_next()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.shutdown()
        super().closeEvent(event)

    # ----- layout ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()
        self.idle_warning.setGeometry(self.rect())
        self.staff.setGeometry(self.rect())

    def _restyle(self) -> None:
        """Style for the window size, the patient's text size and theme; portrait stacks
        pictures above text."""
        metrics = Metrics.for_size(self.width(), self.height(), self.session.text_level)
        theme = self.theme
        if (metrics, theme) == self._styled:
            return
        self._styled = (metrics, theme)
        self.metrics = metrics
        self.setStyleSheet(style_sheet(theme, metrics))
        self.focus_ring.set_colour(theme.accent)
        portrait = self.height() > self.width()
        for page in self.pages.values():
            page.set_portrait(portrait)
            page.set_theme(theme)
        size = metrics.icon
        self.logo.setFixedSize(round(size * 1.8), round(size * 1.8))
        icons = {
            self.back_button: "fa5s.arrow-left",
            self.start_over_button: "fa5s.redo-alt",
            self.request_button: "fa5s.phone-alt",
            self.next_button: "fa5s.arrow-right",
        }
        for button, name in icons.items():
            colour = theme.on_primary if button.property("primary") else theme.primary
            button.setIcon(icon(name, colour))
        self._update_tiles()
        for bar in (self.top_bar, self.nav_bar):
            bar.set_spacing(metrics.margin, metrics.gap // 2, metrics.gap)
        for page in self.pages.values():
            page.layout().setContentsMargins(metrics.margin, metrics.gap, metrics.margin,
                                             metrics.gap)  # fmt: skip
            page.layout().setSpacing(metrics.gap)
