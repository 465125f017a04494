"""The command line: run the kiosk (default), validate, render, export, set-pin, purge, keys,
desk, stats, doctor.

Every problem a person can cause (a bad file, a wrong path) ends in a plain message and
exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import paths
from kiosk.content.loader import ContentError, load_content, summary
from kiosk.content.model import Content
from kiosk.requests.exporters import exporter_ids
from kiosk.settings import MAX_NAME, SETTINGS_FILE, DeviceSettings, load_settings

if TYPE_CHECKING:
    from kiosk.context import KioskContext

EXIT_PROBLEM = 2
# The commands that take --store.
STORE_COMMANDS = ("run", "export", "purge", "desk", "stats", "doctor")
DESK_HELP = """\
The front-desk station: every kiosk's requests in a normal window, for mouse and keyboard.
It has its own PIN, kept in its data folder; set it first on the front-desk PC with
  python main.py set-pin [--data-dir DIR]
(the same --data-dir as the desk's). It locks after `staff_lock_seconds` (settings.yaml)
without input. With --key, pipe the passphrase in as one line of standard input, or type it
in the window after the PIN."""
log = logging.getLogger(__name__)


class CommandError(Exception):
    """A problem to report as one line on stderr with exit code 2."""


def _add_common(parser: argparse.ArgumentParser, default: object = None) -> None:
    """Options accepted before or after the command (sub-commands pass SUPPRESS so that
    their unset copies do not overwrite a value given before the command)."""
    parser.add_argument("--content", type=Path, default=default, help="content.yaml to use")
    parser.add_argument(
        "--data-dir", default=default, help=f"private data folder (or ${paths.DATA_DIR_ENV})"
    )
    parser.add_argument(
        "--windowed", action="store_true", default=default or False, help="a normal window"
    )
    parser.add_argument(
        "--idle-timeout", type=float, default=default, metavar="SECONDS", help="idle time"
    )
    parser.add_argument(
        "--settings", type=Path, default=default, metavar="FILE",
        help="this kiosk's settings (default: settings.yaml in the data folder)",
    )  # fmt: skip


def _add_store(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--store", default=default, metavar="URL",
        help="where requests are kept: sqlite:///ABSOLUTE/PATH (default: the data folder's)",
    )  # fmt: skip


def _add_run_only(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--public-key", type=Path, default=default, metavar="FILE",
        help="seal every request to this front-desk key (public-key.pem)",
    )  # fmt: skip
    parser.add_argument(
        "--kiosk-name", default=default, metavar="NAME",
        help="how the front desk tells this kiosk's requests apart (e.g. lobby)",
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py", description="mild® patient-education kiosk"
    )
    _add_common(parser)
    _add_store(parser)  # for `run`, the default command
    _add_run_only(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        _add_common(sub, argparse.SUPPRESS)
        return sub

    run = command("run", "run the kiosk (the default)")
    _add_store(run, argparse.SUPPRESS)
    _add_run_only(run, argparse.SUPPRESS)
    command("validate", "check content.yaml and exit")
    render = command("render", "draw every screen to PNG")
    render.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    render.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT (default 1920x1080)")
    render.add_argument("--lang", help="language code (default: the first in content.yaml)")
    render.add_argument(
        "--text-level", type=int, choices=[0, 1, 2], default=0, help="0 normal, 1 large, 2 largest"
    )
    render.add_argument("--high-contrast", action="store_true", help="the high-contrast theme")
    export = command("export", "write the consultation requests to a file")
    export.add_argument("--out", type=Path, required=True, help="file to write")
    export.add_argument("--format", choices=exporter_ids(), default=exporter_ids()[0])
    export.add_argument("--only-new", action="store_true", help="only requests not yet handled")
    export.add_argument(
        "--key", type=Path, action="append", default=[], metavar="FILE",
        help="the front desk's private key, for sealed requests (repeat for older keys)",
    )  # fmt: skip
    purge = command("purge", "delete closed requests older than a number of days")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    _add_store(export, argparse.SUPPRESS)
    _add_store(purge, argparse.SUPPRESS)
    desk = command("desk", "the front-desk station (its own PIN: set-pin --data-dir DIR)")
    desk.description = DESK_HELP
    desk.formatter_class = argparse.RawDescriptionHelpFormatter
    _add_store(desk, argparse.SUPPRESS)
    desk.add_argument(
        "--key", type=Path, metavar="FILE",
        help="the front desk's private key, to read sealed requests",
    )  # fmt: skip
    stats = command("stats", "write usage.csv and the usage charts (PNG) to a folder")
    stats.add_argument("--out", type=Path, required=True, help="folder for the files")
    stats.add_argument("--days", type=int, default=30, help="the last N days (default 30)")
    _add_store(stats, argparse.SUPPRESS)
    command("set-pin", "set the staff PIN (asked twice, or read from standard input)")
    keys = command("keys", "the front desk's key pair for sealed requests")
    keys.add_argument("action", choices=["create"], help="create: write a new key pair")
    keys.add_argument("--out", type=Path, required=True, help="folder for the two key files")
    doctor = command("doctor", "check this installation: one line per check, exit 1 on any ✗")
    doctor.add_argument("--json", action="store_true", help="the findings as JSON")
    doctor.add_argument(
        "--min-free-mb", type=int, default=None, metavar="MB", help="free disk space wanted"
    )
    doctor.add_argument(
        "--voice-timeout", type=float, default=None, metavar="SECONDS",
        help="how long the speech engine may take to answer",
    )  # fmt: skip
    _add_store(doctor, argparse.SUPPRESS)
    speech = command("speech-service", "(internal) the read-aloud voice, run by the kiosk")
    speech.add_argument("--engine", default="", help="QtTextToSpeech engine ('' = default)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.umask(0o077)  # everything the kiosk writes is private to its user
    try:
        return _dispatch(args)
    except ContentError as error:
        print(error, file=sys.stderr)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_PROBLEM


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "run"
    _check_store(command, args.store)
    if command == "validate":
        content = _load(args)
        print(summary(content))
        if args.settings is not None:
            _settings(args, content, None)
            print(f"{args.settings.name} OK")
        return 0
    if command == "render":
        return _render(args)
    if command == "speech-service":
        from kiosk.ui.speech_service import serve

        return serve(args.engine)
    if command == "stats":
        return _stats(args)
    if command == "doctor":
        return _doctor(args)
    if command == "keys":
        print(_create_keys(args.out))
        return 0
    if command in ("export", "purge", "set-pin"):
        print(_staff_command(command, args))
        return 0
    if command == "desk":
        return _desk(args)
    return _run(args)


def _check_store(command: str, url: str | None) -> None:
    """A bad --store is reported before anything starts (one line, exit 2)."""
    if url is None:
        return
    if command not in STORE_COMMANDS:
        raise CommandError(f"--store is for {', '.join(STORE_COMMANDS)}, not {command}")
    from kiosk.requests.store import StoreError
    from kiosk.requests.stores import check_store_url

    try:
        check_store_url(url)
    except StoreError as error:
        raise CommandError(str(error)) from None


def _load(args: argparse.Namespace) -> Content:
    path = args.content or paths.default_content_file()
    if not path.is_file():
        raise CommandError(f"{path}: no such file (give the right path with --content)")
    return load_content(path)


def _settings(
    args: argparse.Namespace, content: Content, data_dir: Path | None
) -> DeviceSettings:
    """The device settings (--settings FILE, else the data folder's optional settings.yaml),
    with --idle-timeout over both."""
    path = args.settings if args.settings is not None else data_dir / SETTINGS_FILE
    settings = load_settings(
        path,
        required=args.settings is not None,
        idle_warning_seconds=content.kiosk.idle_warning_seconds,
    )
    if args.idle_timeout is not None:
        settings = dataclasses.replace(settings, idle_timeout_seconds=args.idle_timeout)
    if args.store is not None:  # the flag wins over the file
        settings = dataclasses.replace(settings, store_url=args.store)
    if getattr(args, "kiosk_name", None) is not None:
        name = args.kiosk_name.strip()
        if not name or len(name) > MAX_NAME or not name.isprintable():
            raise CommandError(f"--kiosk-name: one line of 1 to {MAX_NAME} characters")
        settings = dataclasses.replace(settings, kiosk_name=name)
    if getattr(args, "public_key", None) is not None:
        settings = dataclasses.replace(settings, public_key=str(args.public_key.resolve()))
    return settings


def _store(args: argparse.Namespace, data_dir: Path) -> tuple[str | None, str]:
    """For export, purge and stats: (--store, else the settings' `store_url`, else None for the
    data folder's store; the settings' store_password). Only the store is read from the
    settings: these commands must work while content.yaml is broken."""
    from kiosk.requests.stores import is_postgres

    if args.store is not None and not is_postgres(args.store):
        return args.store, ""  # a file named on the command line needs no settings
    path = args.settings if args.settings is not None else data_dir / SETTINGS_FILE
    settings = load_settings(path, required=args.settings is not None)
    url = args.store if args.store is not None else settings.store_url or None
    return url, settings.store_password


def _staff_command(command: str, args: argparse.Namespace) -> str:
    from kiosk import staff_commands

    data_dir = _data_dir(args)
    try:
        if command == "export":
            url, password = _store(args, data_dir)
            return staff_commands.export(
                args.out, args.format, args.only_new, data_dir, _region(args),
                url, args.key, password,
            )
        if command == "purge":
            return staff_commands.purge(args.older_than, data_dir, *_store(args, data_dir))
        return staff_commands.set_pin(data_dir)
    except staff_commands.StaffCommandError as error:
        raise CommandError(str(error)) from None


def _stats(args: argparse.Namespace) -> int:
    from kiosk.stats_command import StatsError, stats

    content = _load(args)  # the screens' order and titles label the funnel
    data_dir = _data_dir(args)
    try:
        url, password = _store(args, data_dir)
        print(stats(args.out, args.days, content, data_dir, url, password=password))
    except StatsError as error:
        raise CommandError(str(error)) from None
    return 0


def _doctor(args: argparse.Namespace) -> int:
    """Exit 0 when every check passes, 1 otherwise (2 is kept for bad options)."""
    from kiosk import doctor

    setup = doctor.Setup(
        content_file=args.content or paths.default_content_file(),
        data_dir=paths.chosen_data_dir(args.data_dir),
        store_url=args.store,
        settings_file=args.settings,
    )
    if args.min_free_mb is not None:
        setup.min_free_mb = args.min_free_mb
    if args.voice_timeout is not None:
        setup.voice_seconds = args.voice_timeout
    results = doctor.run_checks(setup)
    print(doctor.as_json(results) if args.json else doctor.as_lines(results, sys.stdout.encoding))
    return 0 if doctor.healthy(results) else 1


def _create_keys(out: Path) -> str:
    """A passphrase (asked twice at a terminal, or one line of stdin), then the two files."""
    from kiosk.sealing.keys import SealingKeyError, check_passphrase, create_key_pair
    from kiosk.secret_input import SecretMismatch, read_secret

    try:
        passphrase = read_secret("Passphrase for the private key (12+ characters)", confirm=True)
        check_passphrase(passphrase)
        public, private = create_key_pair(out, passphrase)
    except (SealingKeyError, SecretMismatch) as error:
        raise CommandError(str(error)) from None
    return (
        f"wrote {public} (copy it to each kiosk) and {private} "
        "(keep it, and its passphrase, off the kiosks)"
    )


def _region(args: argparse.Namespace) -> str:
    """The clinic's phone region; export must work even while content.yaml is broken."""
    try:
        return _load(args).clinic.phone_region
    except (ContentError, CommandError):
        return "US"


def _data_dir(args: argparse.Namespace) -> Path:
    try:
        return paths.data_dir(args.data_dir)
    except OSError as error:
        raise CommandError(f"cannot use the data folder: {error}") from error


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise CommandError(f"--size {text!r}: write it as WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise CommandError(f"--size {text!r}: width and height must be 320 to 7680 pixels")
    return width, height


def _render(args: argparse.Namespace) -> int:
    size = _parse_size(args.size)  # a mistyped option is reported before the content
    content = _load(args)
    codes = [language.code for language in content.languages]
    language = args.lang or content.default_language
    if language not in codes:
        raise CommandError(f"--lang {language}: content.yaml has {', '.join(codes)}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import application
    from kiosk.ui.render import render_screens, render_summary
    from kiosk.ui.speech import AUTO

    application()
    written = render_screens(
        content, args.out, size, language, text_level=args.text_level,
        high_contrast=args.high_contrast, speech_engine=AUTO,
    )  # fmt: skip
    summary = render_summary(content, args.out, language)
    print(f"wrote {len(written)} screens to {args.out}, and the take-home page as "
          f"{' and '.join(path.name for path in summary)}")  # fmt: skip
    return 0


def _desk(args: argparse.Namespace) -> int:
    """The front-desk station: the key checked and the store opened before the window."""
    from kiosk.desk import DeskStartError, check_key_file, piped_keyring

    try:
        key_file = check_key_file(args.key) if args.key is not None else None
        content = _load(args)
        data_dir = _data_dir(args)
        settings = _settings(args, content, data_dir)
        keyring = piped_keyring(key_file) if key_file is not None else None
    except DeskStartError as error:
        raise CommandError(str(error)) from None
    context = _context(content, data_dir, settings, desk=True)
    from kiosk.ui.desk.app import run_desk

    return run_desk(context, args.windowed, key_file, keyring)


def _context(
    content: Content, data_dir: Path, settings: DeviceSettings, *, desk: bool = False
) -> KioskContext:
    """The context for `run` and `desk`; a store or key that cannot be used is one line. A
    desk on a PostgreSQL server works on the server itself (a kiosk saves locally first)."""
    from kiosk.context import build_context
    from kiosk.logs import setup_logging
    from kiosk.requests.store import StoreError
    from kiosk.requests.stores import is_postgres, postgres_store
    from kiosk.sealing.errors import SealingKeyError

    setup_logging(data_dir)
    try:
        if desk and is_postgres(settings.store_url):
            store = postgres_store(
                settings.store_url, settings.store_password, settings.kiosk_name
            )
            return build_context(content, data_dir, settings, store=store, count_usage=False)
        return build_context(content, data_dir, settings)
    except StoreError as error:  # its message names no patient data
        log.critical("cannot open the request store: %s", error)
        raise CommandError(str(error)) from None
    except SealingKeyError as error:  # names the key file only
        log.critical("cannot use the public key: %s", error)
        raise CommandError(str(error)) from None


def _run(args: argparse.Namespace) -> int:
    content = _load(args)
    data_dir = _data_dir(args)
    context = _context(content, data_dir, _settings(args, content, data_dir))
    from kiosk.ui.app import run

    return run(context, args.windowed)
