"""`python main.py doctor` as clinic IT runs it: real subprocesses, real folders, real
content and settings files; a healthy set-up exits 0, each broken one exits 1 and names the
check that failed with how to fix it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import kiosk
from kiosk import doctor
from kiosk.paths import bundle_root
from kiosk.requests.model import BestTime, ContactMethod, ValidRequest
from kiosk.requests.stores import open_store

CHECKS = [
    "content", "settings", "data folder", "request store", "public key", "read-aloud voices",
    "fonts", "printer", "disk space", "clock", "version",
]  # fmt: skip
# Generous: five helpers' tests share two cores, and speech-dispatcher lists 13,000 voices.
VOICE_TIMEOUT = "15"
# A broken set-up fails on its own line whatever the voices say: never wait long for them.
VOICE_TIMEOUT_BROKEN = "3"


def run_doctor(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "doctor", "--data-dir", str(data), *args],
        cwd=bundle_root(), capture_output=True, text=True, timeout=180,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip


def speech_is_stuck(voices_line: str) -> bool:
    """speech-dispatcher is shared by everything on this computer and hangs where there is
    no sound device (CI): doctor reports exactly that on its voices line, and every other
    check must still pass."""
    return "the speech engine did not answer" in voices_line


def lines(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """{check name: its line}."""
    found = {}
    for line in done.stdout.splitlines():
        name = line[2:].split(":", 1)[0]
        found[name] = line
    return found


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder as the kiosk leaves it: private, with a store holding one request."""
    folder = tmp_path / "data"
    with open_store(folder) as store:
        store.add(ValidRequest("Ann Lee", "+12125552368", None, ContactMethod.CALL,
                               BestTime.ANY, "", (), "en"))  # fmt: skip
    return folder


def test_a_healthy_set_up_passes_every_check(data: Path) -> None:
    done = run_doctor("--voice-timeout", VOICE_TIMEOUT, data=data)
    found = lines(done)
    assert list(found) == CHECKS, done.stdout + done.stderr
    stuck = speech_is_stuck(found["read-aloud voices"])
    assert done.returncode == (1 if stuck else 0), done.stdout + done.stderr
    others = [line for name, line in found.items() if not (stuck and name == "read-aloud voices")]
    assert all(line.startswith("✓ ") for line in others), done.stdout
    assert "Traceback" not in done.stderr
    assert "1 requests kept" in found["request store"]
    assert f"mild-kiosk {kiosk.__version__}, venv " in found["version"]


def test_json_for_monitoring(data: Path) -> None:
    done = run_doctor("--json", "--voice-timeout", VOICE_TIMEOUT, data=data)
    report = json.loads(done.stdout)
    assert [check["name"] for check in report["checks"]] == CHECKS
    voices = next(c for c in report["checks"] if c["name"] == "read-aloud voices")
    stuck = speech_is_stuck(voices["detail"])
    assert done.returncode == (1 if stuck else 0) and report["ok"] is not stuck
    assert all(c["ok"] for c in report["checks"] if c is not voices or not stuck)
    assert {"name", "ok", "detail", "fix", "informational"} == set(report["checks"][0])


def _broken_content(tmp: Path, data: Path) -> list[str]:
    bad = tmp / "content.yaml"
    bad.write_text("languages:\n  - code: en\n    name: [unclosed\n", encoding="utf-8")
    return ["--content", str(bad)]


def _world_readable(tmp: Path, data: Path) -> list[str]:
    data.chmod(0o755)
    return []


def _unreachable_store(tmp: Path, data: Path) -> list[str]:
    return ["--store", f"sqlite:///{tmp}/no-such-folder/requests.sqlite3"]


def _full_disk(tmp: Path, data: Path) -> list[str]:
    return ["--min-free-mb", str(10**12)]  # a petabyte: no test machine has it free


def _bad_settings(tmp: Path, data: Path) -> list[str]:
    (data / "settings.yaml").write_text("retention_days: forever\n", encoding="utf-8")
    return []


def _damaged_key(tmp: Path, data: Path) -> list[str]:
    (data / "public-key.pem").write_text("not a key\n", encoding="utf-8")
    (data / "settings.yaml").write_text("public_key: public-key.pem\n", encoding="utf-8")
    return []


def _missing_data_folder(tmp: Path, data: Path) -> list[str]:
    return ["--data-dir", str(tmp / "never-made")]


def _stuck_voice(tmp: Path, data: Path) -> list[str]:
    return ["--voice-timeout", "0.001"]  # no engine answers that fast: as if it hung


@pytest.mark.parametrize(
    ("breakage", "check", "words"),
    [
        (_broken_content, "content", ["content.yaml:3:", "validate"]),
        (_world_readable, "data folder", ["mode 0755", "chmod 700"]),
        (_unreachable_store, "request store", ["no-such-folder", "fix:"]),
        (_full_disk, "disk space", ["MB free", "fix:"]),
        (_bad_settings, "settings", ["settings.yaml:1:", "retention_days"]),
        (_damaged_key, "public key", ["public-key.pem", "fix:"]),
        (_missing_data_folder, "data folder", ["does not exist", "mkdir -m 700"]),
        (_stuck_voice, "read-aloud voices", ["did not answer", "speech-dispatcher"]),
    ],
)
def test_each_broken_set_up_fails_on_its_own_line(
    tmp_path: Path, data: Path, breakage, check: str, words: list[str]
) -> None:
    extra = breakage(tmp_path, data)
    done = run_doctor("--voice-timeout", VOICE_TIMEOUT_BROKEN, *extra, data=data)
    assert done.returncode == 1, done.stdout + done.stderr
    line = lines(done)[check]
    assert line.startswith(f"✗ {check}: "), done.stdout
    assert all(word in line for word in words), line
    assert "Traceback" not in done.stderr
    if breakage is _missing_data_folder:
        assert not (tmp_path / "never-made").exists()  # doctor looks, never creates


def test_a_malformed_store_url_is_bad_input_exit_2(data: Path) -> None:
    done = run_doctor("--store", "mysql://x", data=data)
    assert done.returncode == 2 and "unknown kind of store" in done.stderr


def test_the_clock_fails_before_the_install_and_far_ahead() -> None:
    installed = datetime(2026, 11, 1, tzinfo=UTC)
    assert doctor.clock_finding(datetime(2026, 12, 2, tzinfo=UTC), installed).ok
    dead_battery = doctor.clock_finding(datetime(1970, 1, 1, tzinfo=UTC), installed)
    assert not dead_battery.ok and "1970-01-01" in dead_battery.detail
    assert not doctor.clock_finding(datetime(2041, 1, 1, tzinfo=UTC), installed).ok


def test_a_check_that_raises_is_a_failed_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doctor, "CHECKS", {"data folder": doctor.data_folder_check})
    tmp_path.chmod(0o700)

    @doctor.check("broken check")
    def broken(setup: doctor.Setup) -> doctor.Finding:
        raise RuntimeError("a detail that must not be shown")

    setup = doctor.Setup(content_file=tmp_path / "none.yaml", data_dir=tmp_path)
    results = doctor.run_checks(setup)
    assert [r.name for r in results] == ["data folder", "broken check"]
    assert results[1].finding == doctor.Finding(False, "the check itself failed (RuntimeError)")
    assert results[0].finding.ok and not doctor.healthy(results)


def test_a_sqlite_store_has_no_forwarding_line(data: Path) -> None:
    """The forwarding queue line appears only for a store with `pending()`."""
    setup = doctor.Setup(content_file=bundle_root() / "content.yaml", data_dir=data)
    assert doctor.forwarding_check(setup) is None


def test_the_lines_fall_back_to_words_on_a_console_without_check_marks() -> None:
    results = [doctor.Result("disk space", doctor.Finding(False, "1 MB free", "free some"))]
    assert doctor.as_lines(results, "cp1252") == "FAIL disk space: 1 MB free - fix: free some"


def test_a_kiosk_forwarding_to_postgresql_shows_the_server_and_what_waits(
    tmp_path: Path, pg, pg_db: str
) -> None:
    """With a PostgreSQL store the kiosk's login can only insert: doctor shows that the
    server answers it, and how many requests the kiosk's own file still holds for it."""
    from kiosk.requests.postgres import PostgresRequestStore
    from tests.support.pg_server import DESK, DESK_PASSWORD, KIOSK, KIOSK_PASSWORD
    from tests.unit.test_store import request

    PostgresRequestStore(pg.url(DESK, pg_db), DESK_PASSWORD).close()  # the desk makes the tables
    data = tmp_path / "kiosk"
    data.mkdir(mode=0o700)
    with open_store(data) as local:
        local.add(request("Zoë"))
    settings = data / "settings.yaml"
    settings.write_text(
        f"store_url: {pg.url(KIOSK, pg_db)}\nstore_password: {KIOSK_PASSWORD}\n", "utf-8"
    )
    settings.chmod(0o600)
    setup = doctor.Setup(content_file=bundle_root() / "content.yaml", data_dir=data)
    assert doctor.store_check(setup).ok
    waiting = doctor.forwarding_check(setup)
    assert waiting is not None and waiting.ok and waiting.detail.startswith("1 request waiting")

    wrong = doctor.Setup(
        content_file=bundle_root() / "content.yaml", data_dir=data,
        store_url=pg.url(KIOSK, pg_db).replace(pg_db, "no_such_database"),
    )  # fmt: skip
    finding = doctor.store_check(wrong)
    assert not finding.ok and KIOSK_PASSWORD not in finding.detail


def test_an_unnamed_kiosk_sending_to_postgresql_is_told_what_to_set(tmp_path: Path) -> None:
    """Two unnamed kiosks on one server look like one kiosk at the desk: doctor fails the
    kiosk that has saved requests here, in one line naming the key and the file."""
    kiosk = tmp_path / "kiosk"
    open_store(kiosk).close()
    settings = kiosk / "settings.yaml"
    server = "store_url: postgresql://mild_kiosk@frontdesk:5432/mild_kiosk\n"
    settings.write_text(server, "utf-8")

    def finding(data: Path) -> doctor.Finding | None:
        return doctor.kiosk_name_check(
            doctor.Setup(content_file=bundle_root() / "content.yaml", data_dir=data)
        )

    unnamed = finding(kiosk)
    assert unnamed is not None and not unnamed.ok
    assert doctor.as_lines([doctor.Result("kiosk name", unnamed)], "utf-8") == (
        "✗ kiosk name: kiosk_name is empty: the front desk cannot tell this kiosk's requests"
        " and usage counts from another unnamed kiosk's — fix: set `kiosk_name: lobby-1`"
        f" (a name no other kiosk uses) in {settings}"
    )
    settings.write_text(server + "kiosk_name: lobby-1\n", "utf-8")
    named = finding(kiosk)
    assert named is not None and named.ok and named.informational and "'lobby-1'" in named.detail

    desk = tmp_path / "desk"  # a front desk works on the server: no file of its own
    desk.mkdir()
    (desk / "settings.yaml").write_text(server, "utf-8")
    at_desk = finding(desk)
    assert at_desk is not None and at_desk.ok and "kiosk_name: lobby-1" in at_desk.detail
    (kiosk / "settings.yaml").unlink()  # one kiosk, its own file: nothing to tell apart
    assert finding(kiosk) is None
