"""Status changes and undo through kiosk.staff (no Qt), on a real store, with audit lines."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.requests.model import Status
from kiosk.requests.stores import open_store
from kiosk.staff.audit import AUDIT_FILE, AuditLog
from kiosk.staff.status import StatusChanges
from kiosk.staff.wording import STATUS_WORDS
from tests.unit.test_store import request


def audit_lines(data: Path) -> list[dict]:
    return [json.loads(line) for line in (data / AUDIT_FILE).read_text().splitlines()]


def test_change_and_undo_are_audited_by_id_only(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        saved = store.add(request("Undo Una"))
        changes = StatusChanges(store, AuditLog(tmp_path))
        assert not changes.can_undo()
        text = changes.change(saved, Status.CONTACTED)
        assert text.startswith(f"{saved.reference_code} is now contacted")
        assert store.get(saved.id).status is Status.CONTACTED and changes.can_undo()
        request_id, text = changes.undo()
        assert request_id == saved.id and text == f"{saved.reference_code} is new again."
        assert store.get(saved.id).status is Status.NEW and not changes.can_undo()
    lines = audit_lines(tmp_path)
    assert [(e["event"], e["from_status"], e["to_status"]) for e in lines] == [
        ("status_change", "new", "contacted"), ("status_change", "contacted", "new"),
    ]  # fmt: skip
    assert {e["request_id"] for e in lines} == {saved.id}
    assert "Una" not in (tmp_path / AUDIT_FILE).read_text()


def test_a_purged_request_cannot_be_changed_and_undo_is_forgotten(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        saved = store.add(request())
        changes = StatusChanges(store, AuditLog(tmp_path))
        changes.change(saved, Status.CLOSED)
        store._conn.execute("DELETE FROM requests")  # gone, as another desk's purge would
        assert changes.undo()[1] == "Could not change the status: this request no longer exists."
        assert not changes.can_undo()


def test_marking_exported_requests_contacted_skips_vanished_ones(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first, second = store.add(request("A")), store.add(request("B"))
        changes = StatusChanges(store, AuditLog(tmp_path))
        changes.change(first, Status.CLOSED)
        text = changes.mark_contacted([second.id, "00000000-0000-4000-8000-000000000000"])
        assert text == "Marked 1 as contacted." and not changes.can_undo()
        assert store.get(second.id).status is Status.CONTACTED


def test_an_unwritable_audit_log_does_not_stop_the_change(tmp_path: Path) -> None:
    with open_store(tmp_path / "data") as store:
        saved = store.add(request())
        (tmp_path / "blocked").write_text("a file where the audit folder should be")
        changes = StatusChanges(store, AuditLog(tmp_path / "blocked"))
        assert "is now closed" in changes.change(saved, Status.CLOSED)
        assert store.get(saved.id).status is Status.CLOSED


def test_one_word_per_status() -> None:
    assert set(STATUS_WORDS) == set(Status)
    assert len(set(STATUS_WORDS.values())) == len(Status)


def test_a_change_made_at_another_desk_is_kept_and_named(tmp_path: Path) -> None:
    """Two desks on one file: each changes what it shows; the later one is told what the
    request is now, nothing is overwritten, and only the real change is audited."""
    with open_store(tmp_path) as desk_a, open_store(tmp_path) as desk_b:
        saved = desk_a.add(request("Conflict Carla"))
        seen_by_b = desk_b.get(saved.id)
        a, b = StatusChanges(desk_a, AuditLog(tmp_path)), StatusChanges(desk_b, AuditLog(tmp_path))
        a.change(saved, Status.CLOSED)
        text = b.change(seen_by_b, Status.CONTACTED)
        assert text == (
            f"Changed by another desk — now: Closed. {saved.reference_code} was left as it is."
        )
        assert desk_a.get(saved.id).status is Status.CLOSED and not b.can_undo()
        # Undo at desk A after desk B moved it on: refused too, B's change stays.
        desk_b.set_status(saved.id, Status.CONTACTED)
        assert a.undo()[1].startswith("Changed by another desk — now: Contacted.")
        assert desk_b.get(saved.id).status is Status.CONTACTED
    lines = audit_lines(tmp_path)
    assert [(e["from_status"], e["to_status"]) for e in lines] == [("new", "closed")]
    assert "Carla" not in (tmp_path / AUDIT_FILE).read_text()
