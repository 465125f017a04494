"""Sealing a request's personal fields to the front desk's public key (HPKE, RFC 9180).

Suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, base mode, from the
`cryptography` library. The HPKE `info` names the format, its version and the record's id,
so a sealed blob copied onto another record no longer opens: tampering, or moving, is
detected by the AEAD tag, and reported by id only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke

from kiosk.sealing.keys import PrivateKey, PublicKey

SEAL_FORMAT = 1
_INFO = b"mild-kiosk sealed request v1"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


class SealedRecordError(Exception):
    """A sealed record cannot be opened; the message names its id, never its content."""

    def __init__(self, record_id: str, why: str) -> None:
        super().__init__(f"request {record_id}: {why}")
        self.record_id = record_id


def _info(record_id: str) -> bytes:
    return _INFO + b"\x00" + record_id.encode("ascii")


def seal(fields: Mapping[str, Any], public: PublicKey, record_id: str) -> bytes:
    """The fields as compact JSON, encrypted to `public`; only its private key opens them."""
    plaintext = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _SUITE.encrypt(plaintext, public.key, info=_info(record_id))


class Sealer:
    """What a kiosk store needs to seal: the public key, its id and the format version."""

    format = SEAL_FORMAT

    def __init__(self, public: PublicKey) -> None:
        self._public = public
        self.key_id = public.key_id

    def seal(self, fields: Mapping[str, Any], record_id: str) -> bytes:
        return seal(fields, self._public, record_id)


class Keyring:
    """The private keys the front desk has opened, by key id (old ones after a rotation)."""

    def __init__(self, keys: Iterable[PrivateKey] = ()) -> None:
        self._keys = {key.key_id: key for key in keys}

    def __bool__(self) -> bool:
        return bool(self._keys)

    def key_ids(self) -> set[str]:
        return set(self._keys)

    def open(self, blob: bytes, key_id: str, record_id: str, fmt: int) -> dict[str, Any]:
        """The fields sealed in `blob`; SealedRecordError if no key fits or it was altered."""
        if fmt != SEAL_FORMAT:
            raise SealedRecordError(record_id, f"sealed with an unknown format ({fmt})")
        key = self._keys.get(key_id)
        if key is None:
            raise SealedRecordError(record_id, f"sealed with another key ({key_id})")
        try:
            plaintext = _SUITE.decrypt(bytes(blob), key.key, info=_info(record_id))
            fields = json.loads(plaintext.decode("utf-8"))
        except (InvalidTag, ValueError, UnicodeDecodeError):
            raise SealedRecordError(record_id, "altered or damaged; skipped") from None
        if not isinstance(fields, dict):
            raise SealedRecordError(record_id, "altered or damaged; skipped")
        return fields

    def try_open(self, blob: bytes, key_id: str, record_id: str, fmt: int) -> dict | None:
        """`open`, or None for a record it cannot open (the caller reports it by id)."""
        try:
            return self.open(blob, key_id, record_id, fmt)
        except SealedRecordError:
            return None
