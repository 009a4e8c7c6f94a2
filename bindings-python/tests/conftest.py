"""Shared fixtures for the qrpass Python binding tests."""

import json
from pathlib import Path

import pytest

import qrpass

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "spec" / "vectors"
EXAMPLES = REPO / "spec" / "examples"
IAT = "2021-09-01T08:00:00+07:00"
AT = "2021-09-10T08:00:00+07:00"


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def example(kind: str) -> dict:
    return read_json(EXAMPLES / f"{kind}.json")


def trust_for(*keys: "qrpass.PublicKey", issuer: str = "VN-SG") -> dict:
    """A trust file (as a dict) trusting `keys` for `issuer`, every kind, from 2021."""
    return {
        "keys": [
            {
                "issuer": issuer,
                "kid": k.kid,
                "public_key": k.to_bytes().hex(),
                "kinds": ["permit", "declaration", "infection_status", "support_entitlement"],
                "status": "active",
                "valid_from": "2021-01-01T00:00:00+07:00",
            }
            for k in keys
        ]
    }


@pytest.fixture(scope="session")
def key():
    return qrpass.PrivateKey.from_seed(bytes(range(32)))


@pytest.fixture(scope="session")
def issuer(key):
    return qrpass.Issuer(key, "VN-SG")


@pytest.fixture(scope="session")
def verifier(key):
    return qrpass.Verifier(trust_for(key.public_key()))


@pytest.fixture(scope="session")
def permit_token(issuer):
    return issuer.issue(example("permit"), iat=IAT, cti=b"\x01" * 8)
