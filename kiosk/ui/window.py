"""The kiosk window: top bar, the stack of screens, the navigation bar and the idle layer.

It only translates taps into `Session` calls and shows whatever page the session names;
`start_over(reason)` is the one path by which a patient is forgotten.

Only the welcome screen is built before the first paint; every other page is built by
`page()` (the one page factory: focus policy, tab order, language, theme, size) in idle turns
of the event loop after that paint, or at once when it is needed first. The staff area is
built when first opened. Colours come from the application palette and each part of the
window (a bar, a page) has its own size-dependent sheet, so a change of text size or
contrast re-styles only what is on screen; the other pages catch up in idle turns or when
next shown. See docs/architecture.md ("Pages on demand", "Appearance").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Content, Language, Theme
from kiosk.context import KioskContext
from kiosk.session import FORM, THANKS, EndReason, Session
from kiosk.sounds import WARNING
from kiosk.ui.accessibility import KeyboardAccess, chain_tab_order, install_roles
from kiosk.ui.first_paint import FirstPaint
from kiosk.ui.icons import icon
from kiosk.ui.idle import IdleWarning, IdleWatcher
from kiosk.ui.input_hub import input_hub, without_input_watchers
from kiosk.ui.listening import FormVoice, ListeningKeys
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.page import Page
from kiosk.ui.speech import AUTO, VOLUMES, Reader, speech_text
from kiosk.ui.staff.gesture import HoldGesture
from kiosk.ui.swipe import SwipeDetector
from kiosk.ui.theme import TEXT_LEVELS, WINDOW_SHEET, Metrics, palette_for, style_sheet
from kiosk.ui.tones import TonePlayer
from kiosk.ui.widgets.focus_ring import FocusRing
from kiosk.ui.widgets.illustration import Illustration
from kiosk.ui.widgets.progress import ProgressBar
from kiosk.ui.widgets.reach_panel import ReachPanel
from kiosk.ui.widgets.slide_in import SlideIn
from kiosk.ui.widgets.tiles import level_icon, tool_tile
from kiosk.ui.widgets.wrap_bar import WrapBar
from kiosk.usage.counter import UsageCounter
from kiosk.usage.report import UsageReport, report_for

if TYPE_CHECKING:  # built on demand, after the first paint
    from kiosk.ui.content_watch import ContentWatcher
    from kiosk.ui.screens.form import FormScreen
    from kiosk.ui.screens.thanks import ThanksScreen
    from kiosk.ui.staff.area import StaffArea
    from kiosk.ui.take_home import TakeHome

Look = tuple[Metrics, Theme, bool]  # size, colours, portrait: what a part was styled for
# A visit's counts are written this long after the tap that ended it, once its screen is
# painted: the patient's tap never waits for the disk (bench/bench_next.py measures it).
USAGE_FLUSH_MS = 1000


def repolish(root: QWidget) -> None:
    """Re-apply the style sheets to `root` and everything in it, so the palette roles they
    name take the application palette's new colours (Qt resolves them when polishing).
    Polish alone: the style-sheet style drops a widget's cached rules and palette itself,
    and an unpolish first would reset every font (half the cost, the same pixels)."""
    for widget in (root, *root.findChildren(QWidget)):
        widget.style().polish(widget)
    root.update()


_POLISHED = Qt.WidgetAttribute.WA_WState_Polished


def lay_out(page: QWidget, rect: QRect) -> None:
    """Lay out a hidden page for `rect` and draw its pictures for their new sizes before it
    is shown, so the tap that shows it only paints it (a page's first layout took a frame's
    time, and an SVG drawn at a new size ~8 ms)."""
    page.setGeometry(rect)
    page.layout().activate()
    # A hidden page's children get their new sizes only when shown; rendering one pixel of
    # it delivers those pending resizes now (and paints next to nothing).
    page.render(QPixmap(1, 1), QPoint(), QRegion(0, 0, 1, 1))
    for picture in page.findChildren(Illustration):
        picture.prepare()


def touch_focus_only(root: QWidget) -> None:
    """Tapping a control must not leave a focus ring behind; Tab still reaches it."""
    for control in root.findChildren(QAbstractButton):
        if control.focusPolicy() == Qt.FocusPolicy.StrongFocus:
            control.setFocusPolicy(Qt.FocusPolicy.TabFocus)


class KioskWindow(QWidget):
    """The whole patient-facing kiosk."""

    def __init__(
        self,
        context: KioskContext,
        parent: QWidget | None = None,
        *,
        reader: Reader | None = None,
    ) -> None:
        super().__init__(parent)
        install_roles()  # pictures as images, errors as alerts, to a screen reader
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.context = context
        self.content = content = context.content
        self.session = Session([s.id for s in content.screens], content.default_language)
        self.metrics: Metrics | None = None
        self._look: Look | None = None  # what the window is styled for now
        self._styled: dict[QWidget, Look] = {}  # what each part was last styled for
        self._idle_work_queued = False
        self._laid_out: dict[QWidget, QSize] = {}  # the stack size each page was laid out for
        self._staff: StaffArea | None = None
        self.content_watcher: ContentWatcher | None = None  # see `watch_content`
        self.content_problems: tuple[str, ...] = ()  # why edited content is not used
        self._printer_ready: bool | None = None  # asked when the first take-home part is built
        self._pages_low = False  # the pages are laid out for lowered controls
        self.first_paint = FirstPaint(self)  # what waits for the welcome screen's frame
        # Tests and render bring their own engine; the kiosk looks for one after its first paint.
        self.reader = reader or Reader(AUTO, wait_for=self.first_paint)
        self.reader.setParent(self)
        self.reader.speaking_changed.connect(self._show_reading)
        self.reader.voices_changed.connect(self._update_listen)
        self.reader.set_volume(VOLUMES[self.session.volume_level])

        self.screens = QStackedWidget()
        self.screens.setObjectName("screens")
        self.slide = SlideIn(content.kiosk.transition_ms, self)
        self.page_order = [s.id for s in content.screens] + [FORM, THANKS]
        self.pages: dict[str, Page] = {}  # the pages built so far (see `page()`)
        self.usage_counter: UsageCounter | None = None
        if context.usage is not None:  # written a moment after the tap that ends a visit
            self.usage_counter = UsageCounter(
                context.usage, context.settings.kiosk_name, self.page_order,
                content.default_language,
                schedule=lambda flush: QTimer.singleShot(USAGE_FLUSH_MS, self, flush),
            )  # fmt: skip
            self.session.listeners.append(self.usage_counter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is the screen: content must fit it, never push it larger (tests check).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.reach_panel = ReachPanel()  # over the layout's top margin when controls are low
        self.reach_panel.setParent(self)
        self.reach_panel.hide()
        layout.addWidget(self._build_top_bar())
        layout.addWidget(self.screens, 1)
        layout.addWidget(self._build_nav_bar())

        self.idle = IdleWatcher(context.idle_timeout_seconds, self)
        self.idle.idle.connect(self._on_idle)
        self.idle_warning = IdleWarning(self)
        self.idle_warning.still_here.connect(self._on_still_here)
        self.idle_warning.ticked.connect(self._on_countdown)
        self.warning_tone = TonePlayer(WARNING, parent=self)
        self.idle_warning.expired.connect(partial(self.start_over, EndReason.IDLE))
        self.swipe = SwipeDetector(self)
        self.swipe.swiped.connect(self._on_swipe)
        self.staff_gesture = HoldGesture(self.logo)
        self.staff_gesture.triggered.connect(self.open_staff_area)
        shortcut = QShortcut(QKeySequence("Ctrl+Alt+S"), self)
        shortcut.activated.connect(self.open_staff_area)
        self.focus_ring = FocusRing(self)
        self.keyboard_access = KeyboardAccess(self, self.focus_ring)
        app, hub = QGuiApplication.instance(), input_hub()
        self.listening_keys = ListeningKeys(self, self.staff_open)
        self.listening_keys.pressed.connect(self.toggle_listening)
        for watcher in (self.idle, self.swipe, self.keyboard_access, self.listening_keys):
            hub.add(watcher)
        app.focusChanged.connect(self._on_focus_changed)
        # The window itself never takes focus from a click: Qt hands a click on a key of the
        # on-screen keyboard to the nearest click-focusable ancestor, which would steal the
        # focus (and the cursor) from the field being typed into.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        touch_focus_only(self)
        self.setStyleSheet(WINDOW_SHEET)
        self._build_attract()
        self.set_language(content.default_language)
        self._show_current()
        self.first_paint.then(self._queue_idle_work)

    def _build_attract(self) -> None:
        self.attract = AttractScreen(self.content)
        self.attract.start_requested.connect(self.go_next)
        self.attract.form_requested.connect(self.open_form)
        self._adopt(self.content.screens[0].id, self.attract)

    # ----- pages on demand ------------------------------------------------------------------
    def page(self, page_id: str) -> Page:
        """The page `page_id`, built now if it was not yet."""
        if page_id not in self.pages:
            self._build_page(page_id)
        return self.pages[page_id]

    @without_input_watchers
    def _build_page(self, page_id: str) -> None:
        """Without the application's event filter: building sends hundreds of events and no
        input, and a Python filter handed a widget still in its C++ constructor (a scroll
        area's first palette change) crashed PySide6 (tests/ui/test_optional_modules.py)."""
        self._adopt(page_id, self._make_page(page_id))

    @property
    def form(self) -> FormScreen:
        return self.page(FORM)  # type: ignore[return-value]

    @property
    def thanks(self) -> ThanksScreen:
        return self.page(THANKS)  # type: ignore[return-value]

    def build_all_pages(self) -> None:
        """Every page now (render, tests and benches that walk them all)."""
        for page_id in self.page_order:
            self.page(page_id)

    # ----- content that changes while the kiosk runs -----------------------------------------
    def watch_content(self, debounce_ms: int | None = None) -> None:
        """Follow edits of content.yaml and assets/: valid new content is shown from the next
        start over, problems are listed in the staff area (kiosk/content/reload.py)."""
        from kiosk.content.reload import ContentReloader
        from kiosk.ui.content_watch import DEBOUNCE_MS, ContentWatcher

        reloader = ContentReloader(self.content)
        self.content_watcher = ContentWatcher(reloader, debounce_ms or DEBOUNCE_MS, self)
        self.content_watcher.decided.connect(self._content_decided)

    def _content_decided(self) -> None:
        assert self.content_watcher is not None
        reloader = self.content_watcher.reloader
        self.content_problems = reloader.problems
        if self._staff is not None:
            self._staff.panel.set_content_problems(self.content_problems)
        if reloader.pending is not None and not self.session.in_visit and not self.staff_open():
            self.start_over(EndReason.START_OVER)  # nobody is here: switch now

    def _take_new_content(self) -> None:
        """At a start over: switch to valid new content, if some is waiting."""
        watcher = self.content_watcher
        content = watcher.reloader.take() if watcher is not None else None
        if content is not None:
            self._switch_content(content)

    def _switch_content(self, content: Content) -> None:
        """Between visits only: drop every page; the page factory builds them again from
        the new content (the welcome screen now, the others in idle turns)."""
        self.content = content
        self.context = dataclasses.replace(self.context, content=content)
        self.session.use_screens([s.id for s in content.screens], content.default_language)
        self.slide.set_duration(content.kiosk.transition_ms)
        for page in self.pages.values():
            page.reset()  # typed text wiped and timers stopped before the page goes
            page.blockSignals(True)  # nothing from an old page reaches the new visit
            self.screens.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._styled.clear()
        self._look = None  # palette, bars and pages styled afresh (the theme may be new)
        self.page_order = [s.id for s in content.screens] + [FORM, THANKS]
        self.idle.set_seconds(self.context.idle_timeout_seconds)
        self.logo.set_picture(content.clinic.logo)
        self.logo.set_description(content.clinic.name)
        self.clinic_name.setText(content.clinic.name)
        self.language_button.setVisible(len(content.languages) > 1)
        self.progress_bar.setRange(0, self.session.total_steps)
        self._build_attract()

    def _make_page(self, page_id: str) -> Page:
        """A new page; its modules are imported here, after the welcome screen's paint."""
        if page_id == FORM:
            from kiosk.ui.screens.form import FormScreen

            form = FormScreen(self.content, self.context.store)
            form.submitted.connect(self._on_submitted)
            form.typing.connect(self._make_room_for_keyboard)
            form.warning_signs_requested.connect(self.show_warning_signs)
            ui = self.content.ui_text
            self.form_voice = FormVoice(
                form.fields,
                form.spoken_label,
                lambda: ui("typed_private", self.session.language),
                self._say,
                lambda: self.session.listening and form.isVisible(),
            )
            self.form_voice.setParent(form)
            form.errors_shown.connect(self.form_voice.errors)
            return form
        if page_id == THANKS:
            from kiosk.ui.screens.thanks import ThanksScreen

            thanks = ThanksScreen(self.content)
            thanks.finished.connect(partial(self.start_over, EndReason.THANKS))
            thanks.warning_signs_requested.connect(self.show_warning_signs)
            thanks.add_take_home(self._take_home())
            return thanks
        from kiosk.ui.screens.walkthrough import WalkthroughScreen

        page = WalkthroughScreen(self.content, self.content.screen(page_id))
        page.tick_toggled.connect(self.session.toggle_tick)
        if page_id == self.content.screens[-1].id:  # the last information screen
            page.add_take_home(self._take_home())
        return page

    def _take_home(self) -> TakeHome:
        """"Take this home" for the last screens; whether a printer is set up is asked once."""
        from kiosk.ui.take_home import TakeHome, has_printer

        if self._printer_ready is None:
            self._printer_ready = has_printer()
        return TakeHome(self.content, self._printer_ready)

    def _adopt(self, page_id: str, page: Page) -> None:
        """The page factory's one path: every page, built early or late, gets the same focus
        policy, place in the tab order, language, theme, size and margins."""
        self.pages[page_id] = page
        self.screens.addWidget(page)
        touch_focus_only(page)
        page.set_language(self.session.language)
        page.set_low(self.session.low_controls)
        if self._look is not None:
            self._style_part(page)
        self._chain_tab_order()

    def paintEvent(self, event: QPaintEvent) -> None:
        """After the first paint, the rest is built in idle turns of the event loop."""
        super().paintEvent(event)
        self._queue_idle_work()

    @property
    def catching_up(self) -> bool:
        """True until the idle turns have nothing left to build, polish, restyle or lay out
        (benches and tests wait for it, as a patient's reading time would)."""
        return not self.first_paint.settled or self._idle_work_queued

    def _queue_idle_work(self) -> None:
        if not self._idle_work_queued and self.first_paint.settled:
            self._idle_work_queued = True
            QTimer.singleShot(0, self, self._idle_work)

    def _idle_work(self) -> None:
        """One small step per turn, so a tap never waits for more than one: build a missing
        page, else polish one, else bring one page styled for an older look up to date, else
        (from a walkthrough page, whose size the others share) lay out one for that size and
        draw its pictures; the pages nearest the one on screen first."""
        self._idle_work_queued = False
        pages = self.pages.values()
        missing = next((p for p in self.page_order if p not in self.pages), None)
        unpolished = next((p for p in pages if not p.testAttribute(_POLISHED)), None)
        size = self.screens.size()
        walkthrough = not self.session.on_attract and not self.session.page
        if missing is not None:
            self.page(missing)
        elif unpolished is not None:
            unpolished.ensurePolished()
        elif (stale := self._nearest_page(self._needs_restyle)) is not None:
            self._style_part(stale)
            self._laid_out.pop(stale, None)  # its new sizes: laid out again in a later turn
        elif walkthrough and (cold := self._nearest_page(self._needs_layout)) is not None:
            lay_out(cold, self.screens.rect())
            self._laid_out[cold] = size
        else:
            return
        self._queue_idle_work()

    def _needs_restyle(self, page: Page) -> bool:
        """Styled for an older look (text size, contrast)."""
        return self._styled.get(page) != self._look

    def _needs_layout(self, page: Page) -> bool:
        """Laid out for another stack size, or not since its last restyle."""
        return self._laid_out.get(page) != self.screens.size()

    def _nearest_page(self, wanted: Callable[[Page], bool]) -> Page | None:
        """The built page that is `wanted` nearest the one on screen, the next one along
        first (then the previous, then further out): after a new text size or contrast the
        page a tap on Next shows is ready two idle turns later, before a finger taps again."""
        order = [page_id for page_id in self.page_order if page_id in self.pages]
        here = order.index(self.session.current) if self.session.current in order else 0
        by_distance = sorted(range(len(order)), key=lambda i: (abs(i - here - 0.5), i))
        return next((self.pages[order[i]] for i in by_distance if wanted(self.pages[order[i]])),
                    None)  # fmt: skip

    def _chain_tab_order(self) -> None:
        """Tab goes top bar, then the page, then the nav bar, as the eye reads the screen."""
        top = [self.text_size_button, self.contrast_button, self.language_button,
               self.lower_button, self.volume_button, self.repeat_button,
               self.listen_button]  # fmt: skip
        nav = [self.back_button, self.start_over_button, self.request_button, self.next_button]
        page_controls = [
            widget
            for page_id in self.page_order
            if page_id in self.pages
            for widget in self.pages[page_id].findChildren(QWidget)
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
        self.progress_bar = ProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setRange(0, self.session.total_steps)
        self.progress = QWidget()
        progress = QVBoxLayout(self.progress)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignCenter)
        progress.addWidget(self.progress_bar)

        self.listen_button = tool_tile("listenButton")
        self.listen_button.setCheckable(True)
        self.listen_button.clicked.connect(self.toggle_listening)
        self.repeat_button = tool_tile("repeatButton")
        self.repeat_button.clicked.connect(self.read_screen)
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
        self.lower_button = tool_tile("lowerButton")
        self.lower_button.setCheckable(True)
        self.lower_button.clicked.connect(self.set_low_controls)
        seeing = [self.text_size_button, self.contrast_button, self.language_button,
                  self.lower_button]  # fmt: skip
        self.top_bar = WrapBar(
            "topBar",
            [
                [(self.logo, 0), (self.clinic_name, 2), (self.progress, 3)],
                [(tile, 0) for tile in seeing],
                # Hearing last: Listen is the top bar's last tile, in the top right corner,
                # where someone who cannot see the screen is told to find it.
                [(self.volume_button, 0), (self.repeat_button, 0), (self.listen_button, 0)],
            ],
            optional=self.clinic_name,
        )
        return self.top_bar

    @property
    def staff(self) -> StaffArea:
        """A full-window layer, opened by holding the logo for 3 s or by Ctrl+Alt+S; built
        (with its keyboard and its look at the USB sticks) when first needed."""
        if self._staff is None:
            self._staff = self._build_staff()
        return self._staff

    @without_input_watchers  # as `_build_page`
    def _build_staff(self) -> StaffArea:
        from kiosk.ui.staff.area import StaffArea

        context = self.context
        staff = StaffArea(
            context.store,
            context.data_dir,
            context.audit,
            context.settings.staff_lock_seconds,
            phone_region=self.content.clinic.phone_region,
            sealing=bool(context.settings.public_key),
            forwarding=context.forwarder.status_line if context.forwarder else None,
            usage=self._usage_report if context.usage is not None else None,
        )
        staff.setParent(self)
        staff.hide()
        staff.closed.connect(self.close_staff_area)
        staff.exit_requested.connect(QApplication.quit)
        staff.panel.set_content_problems(self.content_problems)
        touch_focus_only(staff)
        return staff

    def _usage_report(self, days: int) -> UsageReport:
        """The Usage page's source: this kiosk's counters, with the flow's screen titles."""
        assert self.context.usage is not None
        self.flush_usage()  # the visit that just ended (staff opening ends one) counts too
        return report_for(self.context.usage, self.content, days, date.today())

    def staff_open(self) -> bool:
        return self._staff is not None and self._staff.isVisible()

    def _build_nav_bar(self) -> WrapBar:
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.go_back)
        self.start_over_button = QPushButton()
        self.start_over_button.setObjectName("startOverButton")
        self.start_over_button.clicked.connect(partial(self.start_over, EndReason.START_OVER))
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
            # Back from the first screen is the welcome screen: forget all.
            self.start_over(EndReason.START_OVER)
            return
        self.session.back()
        if self.session.on_attract:  # a detour opened from the welcome screen: forget all
            self.start_over(EndReason.START_OVER)
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
        self.start_over(EndReason.START_OVER)
        self.idle.stop()
        staff = self.staff
        staff.setGeometry(self.rect())
        self._style_part(staff)
        staff.open()
        staff.show()
        staff.raise_()

    def close_staff_area(self) -> None:
        self.staff.hide()
        self.start_over(EndReason.START_OVER)

    def start_over(self, reason: EndReason = EndReason.START_OVER) -> None:
        """Forget the patient: answers, ticks, typed text, scroll positions, clipboard, and
        how they chose to see and hear the kiosk (text size, contrast, reading aloud).
        `reason` (button, idle, thank-you timeout, crash) goes to the session's listeners."""
        self.idle_warning.cancel()
        self.idle.stop()
        self.reader.stop()
        self.session.reset(reason)
        self._take_new_content()
        for page in self.pages.values():
            page.reset()
        QGuiApplication.clipboard().clear()
        self.reader.set_volume(VOLUMES[self.session.volume_level])
        self.set_language(self.session.language)
        self._restyle()
        self._show_current()  # and the controls back in their places

    # ----- seeing and hearing ---------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        return self.content.high_contrast if self.session.high_contrast else self.content.theme

    def next_text_level(self) -> None:
        """Normal, large, largest, normal again: one button, always in the same place."""
        self.session.next_text_level(len(TEXT_LEVELS))
        self._restyle()

    def set_high_contrast(self, on: bool) -> None:
        self.session.set_high_contrast(on)
        self.contrast_button.setChecked(on)
        self._restyle()

    def set_low_controls(self, on: bool) -> None:
        """Every control in the lower part of the screen, for the rest of the visit."""
        self.session.set_low_controls(on)
        self._update_tiles()
        self._place_for_reach()

    def _place_for_reach(self) -> None:
        """Lowered: the upper half shows the screen's heading and drawing, every control sits
        below it (the form's keys and fields too: the nav bar gives them its height)."""
        low = self.session.low_controls
        if low != self._pages_low:  # pages built later get it in `_adopt`
            self._pages_low = low
            for page in self.pages.values():
                page.set_low(low)
        typing = self.top_bar.isHidden()  # the form's keyboard is up
        if self.session.page == FORM:
            self.nav_bar.setHidden(low and typing)
        self.reach_panel.setVisible(low)
        # The panel sits in the layout's top margin: a margin, unlike a widget, is never
        # squeezed by pages whose wrapped text asks for more height than the half leaves.
        # While typing, the page's own (empty) top margin lies under the panel: at 1280×800
        # the keys need all of the half.
        under = self.metrics.gap if typing and self.metrics else 0
        self.layout().setContentsMargins(0, self.height() // 2 - under if low else 0, 0, 0)
        if low:
            self.reach_panel.setGeometry(0, 0, self.width(), self.height() // 2)
            title, picture, words = self.page(self.session.current).reach_view()
            clinic = self.content.clinic  # the form and the thank-you keep their own words
            self.reach_panel.show_view(title or clinic.name, picture or clinic.logo, words)

    def toggle_listening(self) -> None:
        """Listening mode on (say so, then read this screen) or off (stop, say so)."""
        on = not self.session.listening
        self.session.set_listening(on)
        self._update_tiles()
        self._update_listen()
        ui, language = self.content.ui_text, self.session.language
        if on:
            self.session.listened()
            self._say(speech_text([ui("listening_on", language), self._screen_text()]))
        else:
            self._say(ui("listening_off", language))

    def read_screen(self) -> None:
        """Read the screen on view from its start (Repeat, and each screen as it opens)."""
        self._say(self._screen_text())

    def _screen_text(self) -> str:
        if self.idle_warning.isVisible():
            return self.idle_warning.spoken_text()
        return self.page(self.session.current).spoken_text()

    def _say(self, text: str) -> None:
        self.reader.speak(text, self.session.language)

    def next_volume(self) -> None:
        self.session.next_volume_level(len(VOLUMES))
        self.reader.set_volume(VOLUMES[self.session.volume_level])
        self._update_tiles()

    def _show_reading(self, _speaking: bool) -> None:
        self._update_tiles()

    def _update_listen(self) -> None:
        """Listen (and its volume) only where a voice for the language is installed; Repeat
        only in listening mode."""
        can_speak = self.reader.can_speak(self.session.language)
        for tile in (self.listen_button, self.volume_button):
            tile.setVisible(can_speak)
        self.repeat_button.setVisible(can_speak and self.session.listening)
        self.attract.set_listen_hint(can_speak)

    def _update_tiles(self) -> None:
        """Words, icons and spoken states of the top bar's tools for the language and theme."""
        ui, language, theme = self.content.ui_text, self.session.language, self.theme
        size = self.metrics.tile_icon if self.metrics else 46
        listening = self.session.listening
        self.listen_button.setText(ui("stop_listening" if listening else "listen", language))
        self.listen_button.setChecked(listening)
        on_colour = theme.background if listening else theme.primary
        self.listen_button.setIcon(
            icon("fa5s.stop-circle" if listening else "fa5s.play-circle", on_colour)
        )
        self.listen_button.setAccessibleDescription(ui("listen_hint", language))
        self.repeat_button.setText(ui("repeat", language))
        self.repeat_button.setIcon(icon("fa5s.redo", theme.primary))
        low = self.session.low_controls
        self.lower_button.setText(ui("lower_controls", language))
        self.lower_button.setChecked(low)
        self.lower_button.setIcon(
            icon("fa5s.arrow-alt-circle-down", theme.background if low else theme.primary)
        )
        self.lower_button.setAccessibleDescription(ui("lower_controls_hint", language))
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
        self.session.set_language(language)
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
        self._place_for_reach()
        if self.session.listening:
            self.read_screen()

    def _show_current(self, direction: int = 0) -> None:
        if self.session.page == FORM:
            self.form.set_self_check(self._ticked_texts())
        page = self.page(self.session.current)
        self._style_part(page)  # a page styled for an older look catches up before it shows
        if page is not self.screens.currentWidget():
            self.reader.stop()  # reading belongs to the screen it was started on
            self.screens.setCurrentWidget(page)
            self.slide.play(page, direction)
            if self.session.listening:
                self.read_screen()  # listening mode: each screen is read as it opens
        self.setFocus()  # each page starts with nothing focused (Tab begins at the top)
        on_attract = self.session.on_attract
        page = self.session.page
        self.nav_bar.setVisible(not on_attract and page != THANKS)
        self.next_button.setVisible(page == "")
        self.request_button.setVisible(page == "" and not self.session.detour_from)
        self._label_next()
        thanks = self.pages.get(THANKS)  # not built yet: no clock to stop
        if thanks is not None:
            thanks.resume() if page == THANKS else thanks.pause()  # type: ignore[attr-defined]
        self.progress.setVisible(not on_attract and not page)
        self._make_room_for_keyboard()
        if on_attract:
            self.idle.stop()
        self._update_progress()
        self._queue_idle_work()  # e.g. lay out the next pages for this page's size

    def _label_next(self) -> None:
        """On a detour to the warning signs, Next says where it leads."""
        session, ui = self.session, self.content.ui_text
        key = {FORM: "continue_to_form", THANKS: "back"}.get(session.detour_to, "next")
        if session.detour_from == FORM:
            key = "back_to_form"
        self.next_button.setText(ui(key, session.language))

    def _make_room_for_keyboard(self) -> None:
        """The top bar gives its height to the form's fields while the keyboard is up."""
        typing = self.session.page == FORM and self.form.is_typing()  # FORM: built
        self.top_bar.setHidden(typing)
        self._place_for_reach()

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

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """FormStarted, FieldEntered and FieldLeft for the session's listeners: field names,
        never text."""
        form = self.pages.get(FORM)
        if form is None:
            return
        names = {id(edit): name for name, edit in form.fields.items()}  # type: ignore[attr-defined]
        if old is not None and id(old) in names:
            self.session.field_left(names[id(old)])
        if new is not None and id(new) in names:
            self.session.field_entered(names[id(new)])

    def _on_swipe(self, direction: int) -> None:
        if self.session.page or self.session.detour_from:
            return  # never swipe away from the form or a detour to the warning signs
        if self.idle_warning.isVisible() or self.staff_open():
            return  # nor from the idle warning or the staff area
        if direction > 0:
            self.go_next()
        elif not self.session.on_attract:
            self.go_back()

    def _on_idle(self) -> None:
        if self.session.on_attract or self.staff_open():
            return
        self.warn_idle()

    def warn_idle(self) -> None:
        """The "Are you still there?" layer, styled for the current look as it opens; it is
        heard as well as seen (a tone and its words), listening mode or not."""
        self._style_part(self.idle_warning)
        self.idle_warning.start(self.content.kiosk.idle_warning_seconds)
        self.warning_tone.set_volume(VOLUMES[self.session.volume_level])
        self.warning_tone.play()
        self._say(self.idle_warning.spoken_text())

    def _on_still_here(self) -> None:
        self.reader.stop()
        self.idle.start()

    def _on_countdown(self, seconds: int) -> None:
        """In listening mode the last 20 and 10 seconds are said aloud."""
        if self.session.listening and seconds in (20, 10):
            self._say(self.content.ui_text("seconds_left", self.session.language,
                                           seconds=seconds))  # fmt: skip

    def _on_submitted(self, reference_code: str) -> None:
        self.session.submitted()
        self.thanks.show_reference(reference_code, self.content.kiosk.thanks_seconds)
        self._show_current()

    # ----- keys and closing ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Space on the welcome screen starts, as a tap anywhere does."""
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if self.session.on_attract and event.key() in keys and not self.staff_open():
            self.go_next()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reader.shutdown()
        self.flush_usage()
        super().closeEvent(event)

    def flush_usage(self) -> None:
        """Write the counts of visits that have ended (at exit, not to wait for the timer)."""
        if self.usage_counter is not None:
            self.usage_counter.flush()

    # ----- layout ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()
        self.idle_warning.setGeometry(self.rect())
        self._place_for_reach()
        if self._staff is not None:
            self._staff.setGeometry(self.rect())

    @without_input_watchers
    def _restyle(self) -> None:
        """Style for the window size, the patient's text size and theme; portrait stacks
        pictures above text. Only what is on screen is re-styled now; nothing when nothing
        changed (Start over with the defaults)."""
        metrics = Metrics.for_size(self.width(), self.height(), self.session.text_level)
        theme = self.theme
        look = (metrics, theme, self.height() > self.width())
        if look == self._look:
            return
        if self._look is None or theme != self._look[1]:
            QApplication.setPalette(palette_for(theme))
            self.focus_ring.set_colour(theme.accent)
            repolish_self = True
        else:
            repolish_self = False
        self._look = look
        self.metrics = metrics
        if repolish_self:
            self.style().polish(self)  # the window's own sheet: see `repolish`
            self.screens.style().polish(self.screens)
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
            self._style_part(bar)
        self.reach_panel.layout().setContentsMargins(metrics.margin, metrics.gap, metrics.margin,
                                                     metrics.gap)  # fmt: skip
        self._style_part(self.reach_panel)
        if self.idle_warning.isVisible():
            self._style_part(self.idle_warning)  # else as it opens (`warn_idle`)
        if self.staff_open():
            self._style_part(self.staff)
        current = self.pages.get(self.session.current)
        if current is not None:
            self._style_part(current)
        self._queue_idle_work()  # the other pages catch up in idle turns

    @without_input_watchers
    def _style_part(self, part: QWidget) -> None:
        """Bring one part of the window (a bar, a page, an overlay) up to the current look."""
        look = self._look
        if look is None or self._styled.get(part) == look:
            return
        metrics, theme, portrait = look
        sheet = style_sheet(metrics)
        if part.styleSheet() != sheet:
            part.setStyleSheet(sheet)  # polishes it and everything in it
        else:
            repolish(part)  # same sizes, new colours
        self._styled[part] = look
        if isinstance(part, Page):
            part.set_portrait(portrait)
            part.set_theme(theme)
            part.set_metrics(metrics)
            part.layout().setContentsMargins(metrics.margin, metrics.gap, metrics.margin,
                                             metrics.gap)  # fmt: skip
            part.layout().setSpacing(metrics.gap)
