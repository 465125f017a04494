"""One request in full, as name-above-value pairs that fit a narrow column."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.requests.model import ConsultationRequest
from kiosk.staff.formatting import full_received_text, phone_text
from kiosk.staff.wording import METHOD_WORDS, NONE_GIVEN, STATUS_WORDS, TIME_WORDS
from kiosk.ui.staff.table import language_name
from kiosk.ui.widgets.kinetic_scroll import KineticScrollArea
from kiosk.ui.widgets.labels import wrapping_label

DETAIL_FIELDS = (
    "Reference", "Received", "Status", "Name", "Phone", "Email", "Preferred contact",
    "Best time to call", "Note", "Self-check answers", "Language", "Kiosk",
)  # fmt: skip
EMPTY_DETAIL = "Tap a request in the list to see everything the patient sent."
MORE_BELOW = "More below"


class RequestDetail(KineticScrollArea):
    """Every field of one request as name-above-value pairs (fits a narrow column)."""

    def __init__(self, phone_region: str = "US") -> None:
        self._region = phone_region
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty = wrapping_label("muted")
        self.empty.setText(EMPTY_DETAIL)
        layout.addWidget(self.empty)
        self.names: list[QLabel] = []
        self.values: dict[str, QLabel] = {}
        for field in DETAIL_FIELDS:
            name, value = wrapping_label("fieldName"), wrapping_label("body")
            name.setText(field)
            self.names.append(name)
            self.values[field] = value
            layout.addWidget(name)
            layout.addWidget(value)
        layout.addStretch(1)
        super().__init__(body)
        self.setObjectName("requestDetail")
        self.set_hint_text(MORE_BELOW)
        self._shown: ConsultationRequest | None = None
        self.show_request(None, force=True)

    def show_request(self, request: ConsultationRequest | None, *, force: bool = False) -> None:
        """Show `request`, or the hint to pick one; None also wipes the last one's text.
        The request already shown, unchanged, is left as it is (and where it is scrolled):
        the list refreshes every few seconds at the desk."""
        if request == self._shown and not force:
            return
        self._shown = request
        self.empty.setVisible(request is None)
        for name, value in zip(self.names, self.values.values(), strict=True):
            name.setVisible(request is not None)
            value.setVisible(request is not None)
            value.clear()
        if request is not None:
            texts = {
                "Reference": request.reference_code,
                "Received": full_received_text(request.created_at),
                "Status": STATUS_WORDS[request.status],
                "Name": request.name,
                "Phone": phone_text(request.phone, self._region),
                "Email": request.email or NONE_GIVEN,
                "Preferred contact": METHOD_WORDS[request.contact_method],
                "Best time to call": TIME_WORDS[request.best_time],
                "Note": request.note or NONE_GIVEN,
                "Self-check answers": "\n".join(f"• {t}" for t in request.self_check) or NONE_GIVEN,
                "Language": language_name(request.language),
                "Kiosk": request.kiosk,
            }
            for field, text in texts.items():
                self.values[field].setText(text)
            kiosk = DETAIL_FIELDS.index("Kiosk")
            self.names[kiosk].setVisible(bool(request.kiosk))  # one unnamed kiosk: no noise
            self.values["Kiosk"].setVisible(bool(request.kiosk))
        self.scroll_to_top()

    def shown_text(self) -> str:
        """Everything visible, for tests and checks that nothing is left over."""
        labels = [self.empty, *self.values.values()]
        return "\n".join(label.text() for label in labels if label.isVisibleTo(self))
