"""The staff PIN: stored only as a salted scrypt hash, guessed slowly.

A 4–8 digit PIN has at most 10^8 values, so the hash alone cannot protect it against someone
who copies the file; what protects it at the kiosk is the lockout in `PinGuard` (5 tries, then
60 s, doubling up to an hour) and the file's 0600 mode.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.requests.atomic import atomic_file

PIN_FILE = "staff_pin"
SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES = 2**14, 8, 1, 32
MAX_FAILURES = 5
FIRST_LOCK_SECONDS = 60.0
MAX_LOCK_SECONDS = 3600.0
_PIN = re.compile(r"[0-9]{4,8}", re.ASCII)


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=HASH_BYTES
    )


def set_pin(data_dir: Path, pin: str) -> None:
    """Store a new PIN (4 to 8 digits 0-9), replacing the old one atomically."""
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise ValueError("The staff PIN must be 4 to 8 digits (0-9), with nothing else.")
    salt = secrets.token_bytes(16)
    record = {
        "algorithm": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "hash": _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
    }
    with atomic_file(Path(data_dir) / PIN_FILE) as handle:
        handle.write(json.dumps(record).encode("ascii"))


def _load(data_dir: Path) -> dict | None:
    """The stored record, or None if there is none or it is unusable."""
    try:
        record = json.loads((Path(data_dir) / PIN_FILE).read_text(encoding="ascii"))
        if record["algorithm"] != "scrypt":
            return None
        bytes.fromhex(record["salt"])
        bytes.fromhex(record["hash"])
        if not (2 <= int(record["n"]) <= 2**20 and 1 <= int(record["r"]) * int(record["p"]) <= 64):
            return None  # also keeps a tampered file from asking for gigabytes of memory
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record


def has_pin(data_dir: Path) -> bool:
    """True if a usable PIN is set (the staff screen stays closed until one is)."""
    return _load(data_dir) is not None


class PinGuard:
    """Checks PIN attempts and enforces the lockout.

    After MAX_FAILURES wrong PINs in a row the guard locks for 60 s; each wrong PIN after a
    lock has ended locks again for twice as long (120, 240… capped at 1 h). Attempts while
    locked are refused without being checked or counted. A correct PIN resets everything.
    `clock` is injectable so tests need no sleeping. The state lives in memory: restarting
    the kiosk resets it (the scrypt cost still slows each guess).
    """

    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self._data_dir = Path(data_dir)
        self._clock = clock
        self._failures = 0
        self._lock_seconds = 0.0  # length of the last lock; 0 until the first one
        self._locked_until = float("-inf")

    def locked_for(self) -> float:
        """Seconds until the next attempt is allowed; 0.0 when not locked."""
        return max(0.0, self._locked_until - self._clock())

    def check(self, pin: str) -> bool:
        """True if `pin` is the stored PIN. False when wrong, locked or no PIN is set."""
        if self.locked_for() > 0:
            return False
        record = _load(self._data_dir)
        if record is None:
            return False
        candidate = _hash(
            pin if isinstance(pin, str) and pin.isascii() else "",
            bytes.fromhex(record["salt"]),
            int(record["n"]),
            int(record["r"]),
            int(record["p"]),
        )
        if hmac.compare_digest(candidate, bytes.fromhex(record["hash"])):
            self._failures, self._lock_seconds = 0, 0.0
            self._locked_until = float("-inf")
            return True
        self._failures += 1
        if self._lock_seconds:  # already locked before: every further failure doubles it
            self._lock(min(self._lock_seconds * 2, MAX_LOCK_SECONDS))
        elif self._failures >= MAX_FAILURES:
            self._lock(FIRST_LOCK_SECONDS)
        return False

    def _lock(self, seconds: float) -> None:
        self._lock_seconds = seconds
        self._locked_until = self._clock() + seconds

    @property
    def failures(self) -> int:
        """Wrong PINs since the last success (for the audit log)."""
        return self._failures
