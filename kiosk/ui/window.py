"""The kiosk window: top bar, the stack of screens, the navigation bar and the idle layer.

It only translates taps into `Session` calls and shows whatever page the session names;
`start_over()` is the one path by which a patient is forgotten.
"""

from __future__ import annotations

from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Language
from kiosk.requests.store import RequestStore
from kiosk.session import FORM, THANKS, Session
from kiosk.staff.audit import AuditLog
from kiosk.ui.idle import IdleWarning, IdleWatcher
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.screens.page import Page
from kiosk.ui.screens.thanks import ThanksScreen
from kiosk.ui.screens.walkthrough import WalkthroughScreen
from kiosk.ui.staff.area import StaffArea
from kiosk.ui.staff.gesture import HoldGesture
from kiosk.ui.theme import Metrics, style_sheet
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.slide_in import SlideIn


class SwipeDetector(QObject):
    """Application-wide filter turning a quick horizontal drag into `swiped(+1 | -1)`."""

    swiped = Signal(int)  # +1: to the next screen (finger moved left), -1: back

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start: QPointF | None = None
        self.min_distance = 120

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and watched.isWidgetType():
            self._start = event.globalPosition()
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            delta = event.globalPosition() - self._start
            self._start = None
            if abs(delta.x()) >= self.min_distance and abs(delta.x()) > 2 * abs(delta.y()):
                self.swiped.emit(1 if delta.x() < 0 else -1)
        return False


class KioskWindow(QWidget):
    """The whole patient-facing kiosk."""

    def __init__(
        self,
        content: Content,
        store: RequestStore,
        data_dir: Path,
        idle_seconds: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.content = content
        self.session = Session([s.id for s in content.screens], content.default_language)
        self.metrics: Metrics | None = None

        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.slide = SlideIn(content.kiosk.transition_ms, self)
        self.attract = AttractScreen(content)
        self.attract.start_requested.connect(self.go_next)
        self.pages: dict[str, Page] = {"attract": self.attract}
        self.screens.addWidget(self.attract)
        for screen in content.screens[1:]:
            page = WalkthroughScreen(content, screen)
            page.tick_toggled.connect(self.session.toggle_tick)
            self.pages[screen.id] = page
            self.screens.addWidget(page)
        self.form = FormScreen(content, store)
        self.form.submitted.connect(self._on_submitted)
        self.thanks = ThanksScreen(content)
        self.thanks.finished.connect(self.start_over)
        self.pages[FORM] = self.form
        self.pages[THANKS] = self.thanks
        self.screens.addWidget(self.form)
        self.screens.addWidget(self.thanks)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
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
        app = QGuiApplication.instance()
        app.installEventFilter(self.idle)
        app.installEventFilter(self.swipe)
        self._touch_focus_only()
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

    # ----- building -------------------------------------------------------------------------
    def _build_top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
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
        self.language_button = QPushButton()
        self.language_button.setObjectName("languageButton")
        self.language_button.clicked.connect(self.next_language)
        self.language_button.setVisible(len(self.content.languages) > 1)

        progress = QVBoxLayout()
        progress.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignCenter)
        progress.addWidget(self.progress_bar)
        self.top_layout = QHBoxLayout(bar)
        self.top_layout.addWidget(self.logo)
        self.top_layout.addWidget(self.clinic_name, 2)
        self.top_layout.addLayout(progress, 3)
        self.top_layout.addStretch(1)
        self.top_layout.addWidget(self.language_button)
        return bar

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

    def _build_nav_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("navBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
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
        self.nav_bar = bar
        self.nav_layout = QHBoxLayout(bar)
        self.nav_layout.addWidget(self.back_button)
        self.nav_layout.addWidget(self.start_over_button)
        self.nav_layout.addStretch(1)
        self.nav_layout.addWidget(self.request_button)
        self.nav_layout.addWidget(self.next_button)
        return bar

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
        self._show_current(direction=-1)

    def open_form(self) -> None:
        self.session.open_form()
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
        """Forget the patient: answers, ticks, typed text, scroll positions, clipboard."""
        self.idle_warning.cancel()
        self.idle.stop()
        self.session.reset()
        for page in self.pages.values():
            page.reset()
        QGuiApplication.clipboard().clear()
        self.set_language(self.session.language)
        self._show_current()

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
        self.next_button.setText(ui("next", language))
        self.language_button.setText(self._following_language().name)
        self.idle_warning.set_texts(
            ui("idle_title", language), ui("idle_body", language), ui("still_here", language)
        )
        self._update_progress()

    def _show_current(self, direction: int = 0) -> None:
        if self.session.page == FORM:
            self.form.set_self_check(self._ticked_texts())
        page = self.pages[self.session.current]
        if page is not self.screens.currentWidget():
            self.screens.setCurrentWidget(page)
            self.slide.play(page, direction)
        self.setFocus()  # each page starts with nothing focused (Tab begins at the top)
        on_attract = self.session.on_attract
        page = self.session.page
        self.nav_bar.setVisible(not on_attract and page != THANKS)
        self.next_button.setVisible(page == "")
        self.request_button.setVisible(page == "")
        self.progress_label.setVisible(not on_attract and not page)
        self.progress_bar.setVisible(not on_attract and not page)
        if on_attract:
            self.idle.stop()
        self._update_progress()

    def _update_progress(self) -> None:
        step, total = self.session.step, self.session.total_steps
        self.progress_bar.setValue(step)
        text = self.content.ui_text("progress", self.session.language, step=step, total=total)
        self.progress_label.setText(text)

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
        if self.session.page or self.idle_warning.isVisible() or self.staff.isVisible():
            return  # never swipe away from the form, the warning or the staff area
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

    # ----- layout ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_metrics(Metrics.for_size(self.width(), self.height()))
        self.idle_warning.setGeometry(self.rect())
        self.staff.setGeometry(self.rect())

    def apply_metrics(self, metrics: Metrics) -> None:
        """Restyle for a new window size; portrait stacks pictures above text."""
        if metrics == self.metrics:
            return
        self.metrics = metrics
        self.setStyleSheet(style_sheet(self.content.theme, metrics))
        portrait = self.height() > self.width()
        for page in self.pages.values():
            page.set_portrait(portrait)
        size = metrics.icon
        self.logo.setFixedSize(round(size * 1.8), round(size * 1.8))
        icons = {
            self.back_button: "fa5s.arrow-left",
            self.start_over_button: "fa5s.redo-alt",
            self.request_button: "fa5s.phone-alt",
            self.next_button: "fa5s.arrow-right",
            self.language_button: "fa5s.globe",
        }
        theme = self.content.theme
        for button, name in icons.items():
            colour = theme.on_primary if button.property("primary") else theme.primary
            button.setIcon(qta.icon(name, color=colour))
        margin = metrics.margin
        for bar_layout in (self.top_layout, self.nav_layout):
            bar_layout.setContentsMargins(margin, metrics.gap // 2, margin, metrics.gap // 2)
            bar_layout.setSpacing(metrics.gap)
        for page in self.pages.values():
            page.layout().setContentsMargins(margin, metrics.gap, margin, metrics.gap)
            page.layout().setSpacing(metrics.gap)
