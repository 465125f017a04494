"""Reading a secret (a PIN, a passphrase) the way a command-line tool should.

At a terminal it is asked without echo (twice when it is new, so a typo cannot lock anyone
out); otherwise it is one line of standard input, so scripts can pipe it in. Never argv:
command lines are visible to every user of the machine.
"""

from __future__ import annotations

import getpass
import sys


class SecretMismatch(Exception):
    """The two typed copies differ."""


def read_secret(prompt: str, *, confirm: bool) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(f"{prompt}: ")
        if confirm and getpass.getpass("Type it again: ") != first:
            raise SecretMismatch("the two entries were not the same; nothing was changed")
        return first
    return sys.stdin.readline().rstrip("\r\n")
