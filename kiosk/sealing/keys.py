"""The front desk's key pair for sealed requests: X25519 keys in PEM files.

The kiosk holds only the public key, so a stolen kiosk cannot open what it stored. The
private key file is encrypted with a passphrase (PKCS#8, PBES2: PBKDF2-SHA256 and AES-256,
OpenSSL's format, which `cryptography` writes with a fixed 2,048 PBKDF2 rounds; hence the
long passphrase), so a copied USB stick alone does not open requests either. Every message
here is one line that names a file, never a key's bytes or a passphrase.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from kiosk.requests.atomic import atomic_file
from kiosk.sealing.errors import SealingKeyError

PUBLIC_KEY_FILE = "public-key.pem"
PRIVATE_KEY_FILE = "private-key.pem"
MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class PublicKey:
    key: X25519PublicKey
    key_id: str  # names the key pair in each sealed record, so rotation keeps old ones readable


@dataclass(frozen=True)
class PrivateKey:
    key: X25519PrivateKey
    key_id: str


def key_id_of(public: X25519PublicKey) -> str:
    """First 8 bytes of SHA-256 of the raw public key, in hex: short, stable, not secret."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SealingKeyError(
            f"the passphrase must be at least {MIN_PASSPHRASE} characters (a short sentence works)"
        )


def create_key_pair(out_dir: Path, passphrase: str) -> tuple[Path, Path]:
    """Write DIR/public-key.pem and DIR/private-key.pem (0600); never overwrite either."""
    check_passphrase(passphrase)
    out_dir = Path(out_dir)
    public_path, private_path = out_dir / PUBLIC_KEY_FILE, out_dir / PRIVATE_KEY_FILE
    for path in (public_path, private_path):
        if path.exists():
            raise SealingKeyError(f"{path} already exists; nothing was changed (move it first)")
    private = X25519PrivateKey.generate()
    encryption = serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with atomic_file(private_path) as handle:
            handle.write(private_pem)
        with atomic_file(public_path, mode=0o644) as handle:
            handle.write(public_pem)
    except OSError as error:
        raise SealingKeyError(f"cannot write the keys to {out_dir}: {error.strerror}") from None
    return public_path, private_path


def _read(path: Path, what: str) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SealingKeyError(f"{path}: no such {what} file") from None
    except OSError as error:
        raise SealingKeyError(f"{path}: cannot read the {what} file ({error.strerror})") from None
    if len(data) > 64 * 1024:
        raise SealingKeyError(f"{path}: this is not a {what} file (too large)")
    return data


def load_public_key(path: Path) -> PublicKey:
    data = _read(path, "public key")
    if b"PRIVATE KEY" in data:
        raise SealingKeyError(
            f"{path}: this is the private key; the kiosk needs only {PUBLIC_KEY_FILE}"
        )
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise SealingKeyError(f"{path}: not a readable public key file (damaged?)") from None
    if not isinstance(key, X25519PublicKey):
        raise SealingKeyError(f"{path}: not a kiosk key (made with `main.py keys create`)")
    return PublicKey(key, key_id_of(key))


def check_private_key_file(path: Path) -> bytes:
    """The file's bytes if it looks like a passphrase-protected private key (checked before
    a passphrase is asked for); SealingKeyError saying what it is instead."""
    data = _read(path, "private key")
    if b"PRIVATE KEY" not in data:
        raise SealingKeyError(
            f"{path}: this is not a private key (the public key opens nothing; use "
            f"{PRIVATE_KEY_FILE})"
        )
    if b"ENCRYPTED PRIVATE KEY" not in data:
        raise SealingKeyError(f"{path}: the private key is not protected by a passphrase")
    return data


def load_private_key(path: Path, passphrase: str) -> PrivateKey:
    data = check_private_key_file(path)
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
    except ValueError:
        # cryptography says the same for a wrong passphrase and a damaged file body.
        raise SealingKeyError(
            f"{path}: wrong passphrase, or the key file is damaged"
        ) from None
    except (TypeError, NotImplementedError):
        raise SealingKeyError(f"{path}: not a readable private key file (damaged?)") from None
    if not isinstance(key, X25519PrivateKey):
        raise SealingKeyError(f"{path}: not a kiosk key (made with `main.py keys create`)")
    return PrivateKey(key, key_id_of(key.public_key()))

