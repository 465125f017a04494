"""The front desk's words for a request's codes, in one place (no Qt).

The staff list, the detail, the status messages and the CSV all name a status with the same
word. The CSV keeps its short contact-method words ("Call", "Text") so exported files stay
byte-identical across versions; the screens use the longer, clearer ones.
"""

from __future__ import annotations

from kiosk.requests.model import BestTime, ContactMethod, Status

STATUS_WORDS = {Status.NEW: "New", Status.CONTACTED: "Contacted", Status.CLOSED: "Closed"}
METHOD_WORDS = {
    ContactMethod.CALL: "Phone call", ContactMethod.TEXT: "Text message",
    ContactMethod.EMAIL: "Email",
}  # fmt: skip
CSV_METHOD_WORDS = {
    ContactMethod.CALL: "Call", ContactMethod.TEXT: "Text", ContactMethod.EMAIL: "Email",
}  # fmt: skip
TIME_WORDS = {
    BestTime.MORNING: "Morning", BestTime.AFTERNOON: "Afternoon",
    BestTime.EVENING: "Evening", BestTime.ANY: "Any time",
}  # fmt: skip
NONE_GIVEN = "—"
