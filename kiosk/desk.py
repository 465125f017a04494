"""Starting the front-desk station, before any window opens (no Qt): its private key.

`--key FILE` is checked at once (a typo is one line and exit 2, not a window that cannot
open anything). Its passphrase is one line of standard input when one is piped in, and then
opens the key for as long as the desk runs; otherwise the desk asks for it on screen after
each unlock and forgets it when it locks. Never argv: command lines are visible to every
user of the machine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.sealing.seal import Keyring


class DeskStartError(Exception):
    """Shown as one line on stderr, exit code 2."""


def check_key_file(path: Path) -> Path:
    """The absolute path of a passphrase-protected private key file, or DeskStartError."""
    from kiosk.sealing.keys import SealingKeyError, check_private_key_file

    try:
        check_private_key_file(path)
    except SealingKeyError as error:
        raise DeskStartError(str(error)) from None
    return path.resolve()


def piped_keyring(path: Path) -> Keyring | None:
    """The key opened with one line of piped standard input; None when nothing is piped
    (a terminal, or no input at all): the desk then asks on screen."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    passphrase = sys.stdin.readline().rstrip("\r\n")
    if not passphrase:
        return None
    from kiosk.sealing.keys import SealingKeyError, load_private_key
    from kiosk.sealing.seal import Keyring

    try:
        return Keyring([load_private_key(path, passphrase)])
    except SealingKeyError as error:
        raise DeskStartError(str(error)) from None
