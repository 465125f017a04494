"""`python main.py doctor`: is this installation healthy? One line per check, with the fix.

The checks are a registry of small functions (`@check(name)`), each taking the `Setup` and
returning a `Finding`, or None when it does not apply (the forwarding queue of a store that
forwards nothing). A check that raises is reported as failed, never as a traceback. Doctor
looks and never changes anything: it does not create the data folder, chmod it, or fix a file.
(It opens the request store, as the kiosk does, but creates no database that is not there.)
Checks that need Qt (fonts, voices, printer) call `kiosk.ui.diagnostics`, imported only
when they run. See docs/architecture.md ("Doctor").
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from kiosk.content.loader import ContentError, load_content, summary
from kiosk.content.model import Content
from kiosk.settings import SETTINGS_FILE, DeviceSettings, load_settings

MIN_FREE_MB = 500  # a year of requests is a few MB; logs and exports need room too
STORE_SECONDS = 5.0  # a store that does not answer by then counts as unreachable
# A speech engine stuck without audio must not hang doctor; a healthy speech-dispatcher took
# 3-7 s to list its voices on a busy 2-core machine (the kiosk itself allows 45 s).
VOICE_SECONDS = 15.0
CLOCK_FLOOR = datetime(2026, 1, 1, tzinfo=UTC)  # no kiosk of this version ran before


@dataclass(frozen=True)
class Finding:
    ok: bool
    detail: str  # what was found, in words; never a patient's data
    fix: str = ""  # how to fix it (for a failure)
    informational: bool = False  # always passes: tells how the kiosk is set up


@dataclass(frozen=True)
class Result:
    name: str
    finding: Finding


@dataclass
class Setup:
    """What doctor checks: the same options as `run`, resolved the same way."""

    content_file: Path
    data_dir: Path  # not created if missing
    store_url: str | None = None  # --store; else the settings' store_url, else the data folder's
    settings_file: Path | None = None  # --settings; else settings.yaml in the data folder
    min_free_mb: int = MIN_FREE_MB
    voice_seconds: float = VOICE_SECONDS
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @cached_property
    def content(self) -> Content | None:
        try:
            return load_content(self.content_file)
        except ContentError:
            return None

    @cached_property
    def settings(self) -> DeviceSettings | None:
        path = self.settings_file or self.data_dir / SETTINGS_FILE
        try:
            return load_settings(path, required=self.settings_file is not None)
        except ContentError:
            return None


CheckFunction = Callable[[Setup], Finding | None]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under `name` (the line's label); they run in registration order."""

    def add(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = function
        return function

    return add


def run_checks(setup: Setup) -> list[Result]:
    results = []
    for name, function in CHECKS.items():
        try:
            finding = function(setup)
        except Exception as error:  # a check's own bug must not hide the other lines
            finding = Finding(False, f"the check itself failed ({type(error).__name__})")
        if finding is not None:
            results.append(Result(name, finding))
    return results


def _within(seconds: float, function: Callable[[], Finding]) -> Finding | None:
    """`function()`'s finding, or None if it has not answered within `seconds` (it goes on
    in a daemon thread that exit abandons: a hung network call must not hang doctor)."""
    answer: list[Finding] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            answer.append(function())
        except Exception as error:
            failure.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    if failure:
        raise failure[0]
    return answer[0] if answer else None


@check("content")
def content_check(setup: Setup) -> Finding:
    path = setup.content_file
    if not path.is_file():
        return Finding(False, f"{path}: no such file", "give the right path with --content")
    try:
        content = load_content(path)
    except ContentError as error:
        problems = [f"{p.file}:{p.line}: {p.message}" for p in error.problems]
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return Finding(
            False, "; ".join(problems[:3]) + more,
            f"correct those lines, then check with `python main.py validate --content {path}`",
        )  # fmt: skip
    return Finding(True, summary(content))


@check("settings")
def settings_check(setup: Setup) -> Finding:
    path = setup.settings_file or setup.data_dir / SETTINGS_FILE
    if setup.settings_file is None and not path.exists():
        return Finding(True, f"no {path.name} in the data folder: the defaults", informational=True)
    try:
        load_settings(path, required=setup.settings_file is not None)
    except ContentError as error:
        return Finding(False, str(error).replace("\n", "; "), f"correct {path}")
    return Finding(True, f"{path} OK")


@check("data folder")
def data_folder_check(setup: Setup) -> Finding:
    folder = setup.data_dir
    if not folder.is_dir():
        return Finding(
            False, f"{folder} does not exist",
            f"start the kiosk once, or create it: mkdir -m 700 -p {folder}",
        )  # fmt: skip
    if not os.access(folder, os.W_OK | os.X_OK):
        return Finding(False, f"{folder} is not writable by this user", "chown it to this user")
    if os.name == "posix":
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077:
            return Finding(
                False, f"{folder} can be read by other users (mode {mode:04o})",
                f"chmod 700 {folder}",
            )  # fmt: skip
        return Finding(True, f"{folder} is private (mode {mode:04o})")
    return Finding(True, f"{folder} is writable")


def _store_url(setup: Setup) -> str:
    from kiosk.requests.stores import default_store_url

    settings_url = setup.settings.store_url if setup.settings else ""
    return setup.store_url or settings_url or default_store_url(setup.data_dir)


def _not_yet_created(url: str) -> Path | None:
    """The SQLite file `url` names if its folder exists but the file does not (opening it
    would create it, and doctor changes nothing); None otherwise."""
    from kiosk.requests.stores import StoreUrlError, sqlite_path

    try:
        database = sqlite_path(url)
    except StoreUrlError:
        return None  # a server's store: opening it creates nothing
    return database if database.parent.is_dir() and not database.exists() else None


def _password(setup: Setup) -> str:
    return setup.settings.store_password if setup.settings else ""


def _open_and_count(url: str, password: str) -> Finding:
    from kiosk.requests.stores import is_postgres, open_store

    if is_postgres(url):
        return _reach_server(url, password)
    if database := _not_yet_created(url):
        return Finding(True, f"no {database.name} yet: the kiosk creates it at its first start")
    with open_store(url) as store:
        counts = store.counts()
    waiting = sum(counts.values())
    return Finding(True, f"reachable; {waiting} requests kept")


def _reach_server(url: str, password: str) -> Finding:
    """Log in and ask the server for nothing: a kiosk's login may insert but not read
    requests, so reachability is all a kiosk can (and needs to) show."""
    from kiosk.requests.pg_connect import connect

    with connect(url, password) as conn:
        conn.execute("SELECT 1")
    return Finding(True, "the server answers and accepts this login")


@check("request store")
def store_check(setup: Setup) -> Finding:
    from kiosk.requests.store import StoreError

    url, password = _store_url(setup), _password(setup)
    try:
        finding = _within(STORE_SECONDS, lambda: _open_and_count(url, password))
    except StoreError as error:  # its message names no patient and no password
        return Finding(False, str(error), "check --store / store_url, the folder and the disk")
    if finding is None:
        return Finding(
            False, f"did not answer within {STORE_SECONDS:g} s",
            "check that the database server is running and reachable from this computer",
        )  # fmt: skip
    return finding


@check("forwarding queue")
def forwarding_check(setup: Setup) -> Finding | None:
    """Only for a kiosk that forwards to a PostgreSQL server: how many requests its own
    file still holds for the server, and since when. Other stores: no line."""
    import sqlite3

    from kiosk.requests.forwarding import unsent, waiting_text
    from kiosk.requests.store import DB_NAME
    from kiosk.requests.stores import is_postgres

    local = setup.data_dir / DB_NAME
    if not is_postgres(_store_url(setup)) or not local.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{local.as_uri()}?mode=ro", uri=True, timeout=STORE_SECONDS)
        try:
            pending = unsent(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        return Finding(
            False, f"cannot read {local.name} ({type(error).__name__})", "see the store line"
        )
    if pending[0]:
        return Finding(
            True, f"{waiting_text(pending)} (kept safely here until the server takes them)"
        )
    return Finding(True, "nothing waits to be sent")


@check("kiosk name")
def kiosk_name_check(setup: Setup) -> Finding | None:
    """Only with a PostgreSQL store: each kiosk sending to one server needs a name of its
    own, or the desk lists its requests and counts its visits with another unnamed
    kiosk's. Failed on a kiosk (its own file holds requests for the server); only said on
    a front desk, which forwards nothing and may go unnamed."""
    from kiosk.requests.store import DB_NAME
    from kiosk.requests.stores import is_postgres

    if setup.settings is None or not is_postgres(_store_url(setup)):
        return None
    if name := setup.settings.kiosk_name:
        return Finding(True, f"requests and usage counts go to the server as {name!r}",
                       informational=True)  # fmt: skip
    path = setup.settings_file or setup.data_dir / SETTINGS_FILE
    fix = f"set `kiosk_name: lobby-1` (a name no other kiosk uses) in {path}"
    if (setup.data_dir / DB_NAME).is_file():
        return Finding(
            False, "kiosk_name is empty: the front desk cannot tell this kiosk's requests"
            " and usage counts from another unnamed kiosk's", fix,
        )  # fmt: skip
    return Finding(
        True, f"kiosk_name is empty: fine for a front desk; on a kiosk, {fix}",
        informational=True,
    )  # fmt: skip


@check("public key")
def public_key_check(setup: Setup) -> Finding:
    if setup.settings is None:
        return Finding(False, "cannot tell: the settings file has problems", "see settings")
    if not setup.settings.public_key:
        return Finding(
            True, "none configured: requests are stored unsealed on this kiosk",
            informational=True,
        )  # fmt: skip
    from kiosk.sealing.keys import SealingKeyError, load_public_key

    try:
        key = load_public_key(Path(setup.settings.public_key))
    except SealingKeyError as error:
        return Finding(False, str(error), "copy the front desk's public-key.pem here again")
    return Finding(True, f"requests are sealed to key {key.key_id}", informational=True)


def _languages(setup: Setup) -> list[str] | None:
    return [language.code for language in setup.content.languages] if setup.content else None


@check("read-aloud voices")
def voices_check(setup: Setup) -> Finding:
    languages = _languages(setup)
    if languages is None:
        return Finding(False, "cannot tell: content.yaml has problems", "see the content line")
    from kiosk.ui.diagnostics import SpeechProblem, voice_locales

    try:
        locales = voice_locales(setup.voice_seconds)
    except SpeechProblem as problem:
        return Finding(False, str(problem), problem.fix)
    missing = [code for code in languages if not _has_voice(code, locales)]
    if missing:
        return Finding(
            False, f"no voice for {', '.join(missing)}",
            "install a voice for it (Debian/Ubuntu: espeak-ng speaks most languages); "
            "the Listen button hides for that language until then",
        )  # fmt: skip
    return Finding(True, f"a voice for each language ({', '.join(languages)})")


def _has_voice(language: str, locales: list[str]) -> bool:
    wanted = language.split("-")[0].lower()
    return any(locale.split("_")[0].lower() == wanted for locale in locales)


@check("fonts")
def fonts_check(setup: Setup) -> Finding:
    if setup.content is None:
        return Finding(False, "cannot tell: content.yaml has problems", "see the content line")
    from kiosk.ui.diagnostics import missing_glyphs

    missing = missing_glyphs(content_text(setup.content))
    if missing:
        shown = " ".join(f"U+{ord(ch):04X}" for ch in missing[:8])
        return Finding(
            False, f"no installed font draws {len(missing)} characters of content.yaml ({shown})",
            "install fonts for its languages (Debian/Ubuntu: scripts/system-deps, "
            "fonts-noto-core fonts-noto-cjk)",
        )  # fmt: skip
    return Finding(True, "every character of content.yaml can be drawn")


def content_text(content: Content) -> str:
    """Every string the content holds (titles, paragraphs, chrome, the clinic's name...)."""
    seen: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            seen.append(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))

    walk(content)
    return "".join(dict.fromkeys("".join(seen)))


@check("printer")
def printer_check(setup: Setup) -> Finding:
    from kiosk.ui.diagnostics import printers

    found = printers()
    if found is None:
        return Finding(True, "printing is not part of this kiosk", informational=True)
    if not found:
        return Finding(True, "no printer installed (none is needed)", informational=True)
    return Finding(True, f"printers: {', '.join(found)}", informational=True)


@check("disk space")
def disk_check(setup: Setup) -> Finding:
    folder = setup.data_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the disk it will be on
    free_mb = shutil.disk_usage(folder).free // 1_000_000
    if free_mb < setup.min_free_mb:
        return Finding(
            False, f"{free_mb:,} MB free on the disk of {folder} (want {setup.min_free_mb:,} MB)",
            "free some space: old exports, logs, other programs' files",
        )  # fmt: skip
    return Finding(True, f"{free_mb:,} MB free")


@check("clock")
def clock_check(setup: Setup) -> Finding:
    return clock_finding(setup.now(), _installed_at())


def _installed_at() -> datetime:
    """When this copy of the kiosk was written to disk: a clock before that is wrong. (A
    bundle's modules live in its archive: the executable's time stands for them.)"""
    program = Path(sys.executable) if getattr(sys, "frozen", False) else Path(__file__)
    try:
        stamp = program.stat().st_mtime
    except OSError:
        return CLOCK_FLOOR
    return max(CLOCK_FLOOR, datetime.fromtimestamp(stamp, UTC))


def clock_finding(now: datetime, floor: datetime) -> Finding:
    """A clock before the install (a dead clock battery: 1970 or 2000) dates requests wrong
    and breaks retention; a clock ten years ahead does the same."""
    shown = now.strftime("%Y-%m-%d %H:%M UTC")
    if now < floor or now.year > floor.year + 10:
        return Finding(
            False, f"the clock says {shown}",
            "set the date and time, and turn on network time (timedatectl set-ntp true)",
        )  # fmt: skip
    return Finding(True, shown)


@check("version")
def version_check(setup: Setup) -> Finding:
    from kiosk.ui.diagnostics import qt_version

    python = ".".join(map(str, sys.version_info[:3]))
    if getattr(sys, "frozen", False):
        where = f"bundle {Path(sys.executable).parent}"
    else:
        where = f"venv {sys.prefix}" if sys.prefix != sys.base_prefix else "system Python"
    return Finding(
        True, f"mild-kiosk {kiosk_version()}, {where}, Python {python}, Qt {qt_version()}",
        informational=True,
    )  # fmt: skip


def kiosk_version() -> str:
    from kiosk import __version__

    return __version__


def healthy(results: list[Result]) -> bool:
    return all(result.finding.ok for result in results)


def as_json(results: list[Result]) -> str:
    checks = [{"name": r.name, **asdict(r.finding)} for r in results]
    return json.dumps({"ok": healthy(results), "checks": checks}, ensure_ascii=False, indent=2)


def as_lines(results: list[Result], encoding: str | None) -> str:
    """✓/✗ where the terminal can show them, OK/FAIL where it cannot (a Windows console)."""
    try:
        "✓✗—".encode(encoding or "utf-8")
        good, bad, dash = "✓", "✗", "—"
    except (UnicodeEncodeError, LookupError):
        good, bad, dash = "OK  ", "FAIL", "-"
    lines = []
    for result in results:
        finding = result.finding
        line = f"{good if finding.ok else bad} {result.name}: {finding.detail}"
        if not finding.ok and finding.fix:
            line += f" {dash} fix: {finding.fix}"
        lines.append(line)
    return "\n".join(lines)
