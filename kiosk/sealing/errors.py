"""The one error of key files, importable without `cryptography` (the kiosk's start-up path
catches it before any key is loaded; loading one is what needs the library)."""


class SealingKeyError(Exception):
    """A key file is missing, damaged, of the wrong kind, or the passphrase is wrong."""
