"""Signs of life for whatever restarts the kiosk: systemd's watchdog and a heartbeat file.

A kiosk nobody watches must not sit frozen all day. The UI calls `Heartbeat.beat()` from a
timer on its event loop, so beats stop exactly when the loop hangs:
- under systemd (`Type=notify`, `WatchdogSec=`), each beat sends `WATCHDOG=1` to
  $NOTIFY_SOCKET, and systemd kills and restarts a kiosk that falls silent; `READY=1` is
  sent once the window is up. The sd_notify protocol is one datagram on a Unix socket, so
  it is written here in a few lines rather than adding a dependency;
- everywhere (Windows too), each beat replaces `<data dir>/heartbeat` with the UTC time, so a
  scheduled check or a person can see when the kiosk was last alive.

Nothing here may stop the kiosk: every failure is swallowed (and logged once).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat"
DEFAULT_INTERVAL_S = 10.0


def notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send `message` (e.g. "READY=1") to $NOTIFY_SOCKET; False if unset or it failed.

    An address starting with "@" is in Linux's abstract namespace (a leading NUL byte).
    """
    address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
    if not address or not hasattr(socket, "AF_UNIX"):
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode("utf-8"), address)
    except OSError:
        return False
    return True


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float:
    """Seconds between beats: DEFAULT_INTERVAL_S, or half of systemd's WatchdogSec
    ($WATCHDOG_USEC) if that is shorter, as sd_watchdog_enabled(3) advises."""
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        usec = 0
    return min(DEFAULT_INTERVAL_S, usec / 2_000_000) if usec > 0 else DEFAULT_INTERVAL_S


class Heartbeat:
    """Writes the heartbeat file and pings the systemd watchdog; see the module docstring."""

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.path = Path(data_dir) / HEARTBEAT_FILE
        self._clock = clock
        self._environ = environ
        self._file_failed = False

    def ready(self) -> None:
        """The kiosk is up: systemd may consider the start finished."""
        notify("READY=1", self._environ)
        self.beat()

    def beat(self) -> None:
        notify("WATCHDOG=1", self._environ)
        moment = self._clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        temp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            # No fsync: a liveness mark, not data; one fsync every 10 s would wear an SSD.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(moment + "\n")
            os.replace(temp, self.path)
        except OSError as error:
            if not self._file_failed:  # a full disk must not fill the log every 10 s
                log.warning("cannot write the heartbeat file: errno %s", error.errno)
            self._file_failed = True
            with contextlib.suppress(OSError):
                os.unlink(temp)
        else:
            self._file_failed = False

    def stopping(self) -> None:
        notify("STOPPING=1", self._environ)


def last_beat(data_dir: Path) -> datetime | None:
    """When the kiosk last wrote its heartbeat (None if never or unreadable)."""
    try:
        text = (Path(data_dir) / HEARTBEAT_FILE).read_text(encoding="ascii").strip()
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (OSError, ValueError):
        return None
