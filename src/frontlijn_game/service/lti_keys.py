"""The tool's RSA keys, one pair per LTI registration.

The private key is a PEM file named after its key id, created ``0600`` in a ``0700``
folder (``$FRONTLIJN_LTI_KEYS``, else ``lti-keys`` in the user data folder) with
:mod:`store.private_files`, never in the database and never printed; the public key (as a
JWK) is in the database, so every worker serves the tool's JWKS.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pylti1p3.registration import Registration

    from frontlijn_game.store.lti import RegistrationRecord

KEYS_ENV = "FRONTLIJN_LTI_KEYS"


def keys_dir() -> Path:
    """``$FRONTLIJN_LTI_KEYS``, or ``lti-keys`` in the user data folder (beside the
    default database)."""
    configured = os.environ.get(KEYS_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("frontlijn", appauthor=False)) / "lti-keys"


def _public_pem(key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    return str(
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def new_key(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A new key pair: the private key's file (made private) and the public JWK."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pylti1p3.registration import Registration

    from frontlijn_game.store.private_files import ensure_private_dir, write_private_text

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = dict(Registration.get_jwk(_public_pem(key)))
    ensure_private_dir(folder)
    path = folder / f"{jwk['kid']}.pem"
    write_private_text(path, private_pem)
    return path, jwk


def tool_registration(record: RegistrationRecord, key_file: Path) -> Registration:
    """pylti1p3's view of a registration, with the tool's private key for signing when
    its file is there (without it, launches still validate; grades and deep links wait)."""
    from pylti1p3.registration import Registration

    registration = (
        Registration()
        .set_issuer(record.issuer)
        .set_client_id(record.client_id)
        .set_auth_login_url(record.auth_login_url)
        .set_auth_token_url(record.auth_token_url)
        .set_key_set_url(record.key_set_url)
    )
    if record.auth_audience:
        registration.set_auth_audience(record.auth_audience)
    try:
        private = key_file.read_text(encoding="utf-8")
    except OSError:
        return registration
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private.encode(), password=None)
    return registration.set_tool_private_key(private).set_tool_public_key(_public_pem(key))
