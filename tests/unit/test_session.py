"""The visit state machine: where next, back and reset lead."""

from kiosk.session import FORM, THANKS, URGENT, Session


def make() -> Session:
    return Session(["attract", "a", "b", "c"], "en")


def test_walks_forward_to_the_form_and_back():
    session = make()
    assert session.on_attract and session.current == "attract"
    session.next()
    assert (session.current, session.step, session.total_steps) == ("a", 1, 3)
    session.next()
    session.next()
    assert session.current == "c"
    session.next()
    assert session.current == FORM
    session.next()
    assert session.current == FORM  # nothing after the form but submitting
    session.back()
    assert session.current == "c"


def test_back_stops_at_the_first_screen():
    session = make()
    session.next()
    session.back()
    assert session.current == "a"


def test_reset_forgets_everything():
    session = make()
    session.next()
    session.toggle_tick("legs")
    session.language = "es"
    session.open_form()
    session.submitted()
    assert session.current == THANKS
    session.reset()
    assert (session.current, session.ticked, session.language) == ("attract", set(), "en")


def test_toggle_tick_twice_unticks():
    session = make()
    session.toggle_tick("legs")
    session.toggle_tick("legs")
    assert session.ticked == set()


def test_go_to_jumps_to_screens_and_pages():
    session = make()
    session.go_to("b")
    assert (session.current, session.step) == ("b", 2)
    session.go_to(FORM)
    assert session.current == FORM


def test_reset_forgets_how_the_patient_chose_to_see_and_hear():
    """Larger text, high contrast, a louder voice, listening mode and the lowered controls
    belong to one visit, not the next."""
    session = make()
    session.next_text_level(3)
    session.next_text_level(3)
    session.high_contrast = True
    session.next_volume_level(3)
    assert (session.text_level, session.volume_level) == (2, 2)
    session.set_listening(True)
    session.set_low_controls(True)
    session.reset()
    assert (session.text_level, session.high_contrast, session.volume_level) == (0, False, 1)
    assert not session.listening and not session.low_controls


def test_text_level_cycles_back_to_normal_after_the_largest():
    session = make()
    levels = []
    for _ in range(4):
        session.next_text_level(3)
        levels.append(session.text_level)
    assert levels == [1, 2, 0, 1]


def test_events_follow_a_visit_and_hold_no_typed_text():
    from kiosk.session import (
        AppearanceChanged,
        EndReason,
        LanguageChanged,
        RequestSent,
        ScreenShown,
        VisitEnded,
    )

    session = make()
    events: list[object] = []
    session.listeners.append(events.append)
    session.reset()  # nothing had begun: no visit to end
    session.next()
    session.next_text_level(3)
    session.set_high_contrast(True)
    session.set_language("es")
    session.open_form()
    session.field_entered("name")
    session.field_entered("phone")  # the form starts once
    session.field_left("phone")
    session.listened()
    session.submitted()
    session.reset(EndReason.THANKS)
    names = [type(event).__name__ for event in events]
    assert names == [
        "ScreenShown", "AppearanceChanged", "AppearanceChanged", "LanguageChanged",
        "ScreenShown", "FormStarted", "FieldEntered", "FieldEntered", "FieldLeft",
        "ListenUsed", "RequestSent", "ScreenShown", "VisitEnded", "ScreenShown",
    ]  # fmt: skip
    assert events[0] == ScreenShown("a")
    assert events[2] == AppearanceChanged(text_level=1, high_contrast=True)
    assert events[3] == LanguageChanged("es")
    assert isinstance(events[10], RequestSent)
    assert events[-2] == VisitEnded(EndReason.THANKS) and events[-1] == ScreenShown("attract")
def gated() -> Session:
    return Session(["attract", "a", URGENT, "b", "c"], "en")


def test_a_jump_to_the_form_shows_the_warning_signs_first_then_one_step_on():
    for start in ("attract", "a", "c"):
        session = gated()
        session.go_to(start)
        session.open_form()
        assert session.current == URGENT and session.detour_to == FORM
        assert session.urgent_seen
        session.next()
        assert session.current == FORM and not session.detour_from


def test_back_from_the_warning_signs_returns_where_the_patient_was():
    session = gated()
    session.go_to("c")
    session.open_form()
    session.back()
    assert session.current == "c" and not session.detour_from
    session.open_form()  # seen once: straight to the form now
    assert session.current == FORM


def test_walking_past_the_warning_signs_counts_as_seen():
    session = gated()
    session.next()
    assert not session.urgent_seen
    session.next()
    assert session.current == URGENT and session.urgent_seen
    session.back()
    session.open_form()
    assert session.current == FORM


def test_next_from_the_last_screen_is_gated_too():
    session = gated()
    session.go_to("c")  # as a jump would: the warning signs never shown
    session.next()
    assert session.current == URGENT
    session.next()
    assert session.current == FORM


def test_reset_forgets_that_the_warning_signs_were_seen():
    session = gated()
    session.go_to(URGENT)
    session.open_form()
    session.reset()
    assert not session.urgent_seen and not session.detour_from
    session.next()
    session.open_form()
    assert session.current == URGENT


def test_the_form_and_thanks_open_the_warning_signs_and_come_back():
    session = gated()
    session.go_to(FORM)
    session.show_warning_signs()
    assert (session.current, session.detour_from, session.detour_to) == (URGENT, FORM, FORM)
    session.next()
    assert session.current == FORM
    session.submitted()
    session.show_warning_signs()
    assert session.detour_to == THANKS
    session.back()
    assert session.current == THANKS


def test_without_an_urgent_screen_the_form_opens_directly():
    session = make()
    session.open_form()
    assert session.current == FORM
    session.show_warning_signs()
    assert session.current == FORM


def test_the_gate_announces_the_warning_signs_then_the_form_and_the_form_still_starts():
    from kiosk.session import FormStarted, ScreenShown

    session = gated()
    events: list[object] = []
    session.listeners.append(events.append)
    session.open_form()
    session.next()
    session.field_entered("name")
    assert events[:3] == [ScreenShown(URGENT), ScreenShown(FORM), FormStarted()]
