"""Interop between qrpass and an independent COSE implementation (pycose + cbor2).

DESIGN.md, wire format decision 7: a token that qrpass issues verifies with a
general COSE library, and a token built to the spec by such a library verifies
with qrpass.

1. qrpass issues a token of every pass kind; pycose checks the COSE_Sign1
   envelope and the Ed25519 signature, cbor2 reads the CWT claims, and a small
   independent checker confirms the CBOR is strictly encoded.
2. pycose builds permit tokens to the spec with its own key; `qrpass verify`
   accepts the good one and rejects a tampered one (`bad_signature`) and one
   with the kid in the unprotected header (`unprotected_header`).

Nothing here is skipped: a missing dependency or CLI binary is a failure.
Install with `python -m pip install -r tests/interop/requirements.txt`.
"""

import hashlib
import json
import unicodedata
from datetime import date, datetime, timedelta, timezone

import base45
import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message

from conftest import EXAMPLES

PREFIX = "VN1:"
ISSUER = "VN-HN"
CLAIM_PASS = -65537
KIND_NUMBERS = {"permit": 1, "declaration": 2, "infection_status": 3, "support_entitlement": 4}
PERSON_FIELD = {
    "permit": "holder",
    "declaration": "declarant",
    "infection_status": "person",
    "support_entitlement": "beneficiary",
}
ID_KINDS = {"cccd": 1, "cmnd": 2, "passport": 3, "other": 4}
PURPOSES = {
    "work": 1,
    "medical": 2,
    "essential_shopping": 3,
    "delivery": 4,
    "public_duty": 5,
    "emergency": 6,
    "other": 7,
}
HOUR = 3600
VIETNAM = timezone(timedelta(hours=7))


# --------------------------------------------------------------------------
# helpers


def epoch(rfc3339: str) -> int:
    return int(datetime.fromisoformat(rfc3339).timestamp())


def rfc3339(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=VIETNAM).isoformat()


def example(kind: str) -> dict:
    return json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def kid_of(raw_public_key: bytes) -> bytes:
    return hashlib.sha256(raw_public_key).digest()[:8]


def raw_public_key_from_pem(pem: bytes) -> bytes:
    key = serialization.load_pem_public_key(pem)
    assert isinstance(key, Ed25519PublicKey), "the SPKI PEM holds an Ed25519 key"
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def token_to_cose(text: str) -> bytes:
    text = text.strip()
    assert text.startswith(PREFIX), text[:10]
    body = text[len(PREFIX):]
    assert all(c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" for c in body)
    return base45.b45decode(body)


def cose_to_token(cose: bytes) -> str:
    return PREFIX + base45.b45encode(cose).decode("ascii")


def pass_of(outcome: dict) -> dict:
    """The decoded pass in `verify --json` output ("pass", or "verified"."pass")."""
    if "pass" in outcome:
        return outcome["pass"]
    return outcome["verified"]["pass"]


class StrictCbor:
    """An independent strictness check (RFC 8949 §4.2.1 deterministic encoding):
    definite lengths, shortest heads, no duplicate map keys, keys in ascending
    bytewise order of their encoding, no trailing bytes."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    @classmethod
    def check(cls, data: bytes) -> None:
        reader = cls(data)
        reader.item()
        assert reader.pos == len(data), f"{len(data) - reader.pos} trailing bytes"

    def head(self):
        initial = self.data[self.pos]
        self.pos += 1
        major, info = initial >> 5, initial & 0x1F
        assert info != 31, f"indefinite length at {self.pos - 1}"
        assert info < 28, f"reserved additional info at {self.pos - 1}"
        if info < 24:
            return major, info
        width = 1 << (info - 24)
        value = int.from_bytes(self.data[self.pos:self.pos + width], "big")
        assert self.pos + width <= len(self.data), "truncated"
        self.pos += width
        if major != 7:
            minimum = {1: 24, 2: 0x100, 4: 0x10000, 8: 0x100000000}[width]
            assert value >= minimum, f"non-shortest head at {self.pos - width - 1}"
        return major, value

    def item(self):
        major, arg = self.head()
        if major in (2, 3):
            assert self.pos + arg <= len(self.data), "string beyond the input"
            self.pos += arg
        elif major == 4:
            for _ in range(arg):
                self.item()
        elif major == 5:
            keys = []
            for _ in range(arg):
                start = self.pos
                self.item()
                keys.append(self.data[start:self.pos])
                self.item()
            assert len(set(keys)) == len(keys), "duplicate map key"
            assert keys == sorted(keys), f"map keys not in deterministic order: {keys}"
        elif major == 6:
            self.item()


def strip_tag100(value):
    """cbor2 turns tag 100 (RFC 8943 days) into datetime.date; make them comparable."""
    if isinstance(value, dict):
        return {k: strip_tag100(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_tag100(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------
# 1. qrpass issues, pycose verifies


@pytest.fixture(scope="module")
def issuer_dir(tmp_path_factory, qrpass):
    out = tmp_path_factory.mktemp("keys")
    qrpass("keygen", "--issuer", ISSUER, "--out", out)
    for name in (f"{ISSUER}.key.pem", f"{ISSUER}.pub.pem", "trust.json"):
        assert (out / name).is_file(), f"keygen wrote no {name}"
    return out


@pytest.mark.parametrize("kind", sorted(KIND_NUMBERS))
def test_qrpass_token_verifies_with_pycose(kind, qrpass, issuer_dir, tmp_path):
    pass_json = example(kind)
    valid_from = epoch(pass_json["validity"]["from"])
    valid_until = epoch(pass_json["validity"]["until"])
    iat = valid_from - HOUR  # issued an hour before it starts: nbf is then written
    cti = bytes.fromhex("c0ffee00") + KIND_NUMBERS[kind].to_bytes(1, "big")
    issued = qrpass(
        "issue",
        "--key", issuer_dir / f"{ISSUER}.key.pem",
        "--issuer", ISSUER,
        "--iat", rfc3339(iat),
        "--cti", cti.hex(),
        EXAMPLES / f"{kind}.json",
    )
    cose = token_to_cose(issued.stdout)

    # The envelope: tag 18, {1: -8, 4: kid} protected, empty unprotected.
    assert cose[0] == 0xD2, "COSE_Sign1 tag 18"
    StrictCbor.check(cose)
    raw_public = raw_public_key_from_pem((issuer_dir / f"{ISSUER}.pub.pem").read_bytes())
    msg = Sign1Message.decode(cose)
    assert msg.phdr == {Algorithm: EdDSA, KID: kid_of(raw_public)}
    assert msg.uhdr == {}
    assert cbor2.loads(msg.phdr_encoded) == {1: -8, 4: kid_of(raw_public)}
    StrictCbor.check(msg.phdr_encoded)
    assert len(msg.signature) == 64

    # The signature, checked by pycose with the raw key from the SPKI PEM.
    msg.key = OKPKey(crv=Ed25519, x=raw_public)
    assert msg.verify_signature(), "pycose rejects qrpass's signature"
    forged = Sign1Message.decode(cose)
    forged.key = msg.key
    forged.payload = forged.payload[:-1] + bytes([forged.payload[-1] ^ 1])
    assert not forged.verify_signature(), "pycose accepts a changed payload"

    # The claims.
    StrictCbor.check(msg.payload)
    claims = cbor2.loads(msg.payload)
    assert set(claims) == {1, 4, 5, 6, 7, CLAIM_PASS}, sorted(claims)
    assert claims[1] == ISSUER
    assert claims[4] == valid_until
    assert claims[5] == valid_from
    assert claims[6] == iat
    assert claims[7] == cti
    pass_map = claims[CLAIM_PASS]
    assert pass_map[0] == KIND_NUMBERS[kind]
    expected_person = pass_json[PERSON_FIELD[kind]]
    name = unicodedata.normalize("NFC", expected_person["name"])
    person = [v for v in pass_map.values() if isinstance(v, dict) and v.get(1) == name]
    assert len(person) == 1, f"no single person map named {name} in {pass_map}"
    assert person[0][2] == ID_KINDS[expected_person["id"]["kind"]]
    assert person[0][3] == expected_person["id"]["number"]

    if kind == "permit":
        assert strip_tag100(pass_map) == {
            0: 1,
            1: pass_json["number"],
            2: {1: unicodedata.normalize("NFC", "Nguyễn Văn An"), 2: 1, 3: "079201001234"},
            4: PURPOSES[pass_json["purpose"]],
            6: pass_json["areas"],
            8: "51F12345",  # the plate is stored without punctuation
        }

    # And qrpass's own verifier agrees, with the keygen key trusted from before iat.
    trust = json.loads((issuer_dir / "trust.json").read_text())
    for key in trust["keys"]:
        key["valid_from"] = "2021-01-01T00:00:00+07:00"
    trust_file = tmp_path / "trust.json"
    trust_file.write_text(json.dumps(trust))
    token_file = tmp_path / "token.txt"
    token_file.write_text(issued.stdout)
    verified = qrpass(
        "verify", "--trust", trust_file, "--at", rfc3339(valid_from + HOUR), "--json", token_file
    )
    outcome = json.loads(verified.stdout)
    assert outcome["outcome"] == "valid", outcome
    assert pass_of(outcome)[PERSON_FIELD[kind]]["name"] == expected_person["name"]


# --------------------------------------------------------------------------
# 2. pycose builds to the spec, qrpass verifies

PERMIT_NAME = "Nguyễn Thị Thu Hà"
VERIFY_AT = "2021-09-10T08:00:00+07:00"


class PycoseIssuer:
    """A VN1 issuer written with pycose + cbor2 from the spec alone."""

    def __init__(self, directory):
        private = Ed25519PrivateKey.generate()
        self.raw_private = private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        self.raw_public = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.kid = kid_of(self.raw_public)
        self.key = OKPKey(crv=Ed25519, x=self.raw_public, d=self.raw_private)
        (directory / f"{ISSUER}.key.pem").write_bytes(
            private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        (directory / f"{ISSUER}.pub.pem").write_bytes(
            private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        self.trust_file = directory / "trust.json"
        self.trust_file.write_text(
            json.dumps(
                {
                    "keys": [
                        {
                            "kid": self.kid.hex(),
                            "public_key": self.raw_public.hex(),
                            "issuer": ISSUER,
                            "kinds": ["permit"],
                            "valid_from": "2021-01-01T00:00:00+07:00",
                            "status": "active",
                        }
                    ]
                },
                indent=2,
            )
        )

    @staticmethod
    def permit_claims() -> dict:
        return {
            1: ISSUER,
            4: epoch("2021-09-15T23:59:59+07:00"),
            5: epoch("2021-09-01T00:00:00+07:00"),
            6: epoch("2021-08-31T16:30:00+07:00"),
            7: bytes.fromhex("0123456789abcdef"),
            CLAIM_PASS: {
                0: 1,  # permit
                1: "HN-2021-000815",
                2: {
                    1: unicodedata.normalize("NFC", PERMIT_NAME),
                    2: 1,  # cccd
                    3: "001190012345",
                    4: cbor2.CBORTag(100, (date(1990, 5, 17) - date(1970, 1, 1)).days),
                },
                3: "Bệnh viện Bạch Mai",
                4: 2,  # medical
                6: ["01.001", "01.005"],
                7: ["01.001", "01.005"],
                8: "29A12345",
                9: "UBND Q. Ba Đình",
            },
        }

    def sign(self, phdr: dict, uhdr: dict, claims: dict) -> bytes:
        msg = Sign1Message(phdr=phdr, uhdr=uhdr, payload=cbor2.dumps(claims))
        msg.key = self.key
        return msg.encode(tag=True)

    def token(self, phdr=None, uhdr=None, claims=None) -> str:
        phdr = {Algorithm: EdDSA, KID: self.kid} if phdr is None else phdr
        cose = self.sign(phdr, uhdr or {}, claims or self.permit_claims())
        return cose_to_token(cose)


@pytest.fixture()
def pycose_issuer(tmp_path):
    return PycoseIssuer(tmp_path)


def verify_json(qrpass, trust_file, token: str, tmp_path, name="token.txt"):
    token_file = tmp_path / name
    token_file.write_text(token + "\n")
    proc = qrpass("verify", "--trust", trust_file, "--at", VERIFY_AT, "--json", token_file, check=False)
    outcome = json.loads(proc.stdout)
    assert (proc.returncode == 0) == (outcome["outcome"] == "valid"), (proc.returncode, outcome)
    return outcome


def test_pycose_permit_verifies_with_qrpass(qrpass, pycose_issuer, tmp_path):
    token = pycose_issuer.token()
    cose = token_to_cose(token)
    assert cose[0] == 0xD2
    StrictCbor.check(cose)  # cbor2 + pycose produce what the spec asks for

    outcome = verify_json(qrpass, pycose_issuer.trust_file, token, tmp_path)
    assert outcome["outcome"] == "valid", outcome
    assert outcome["code"] is None
    permit = pass_of(outcome)
    assert permit["kind"] == "permit"
    assert permit["holder"]["name"] == PERMIT_NAME
    assert permit["holder"]["id"] == {"kind": "cccd", "number": "001190012345"}
    assert permit["holder"]["birth_date"] == "1990-05-17"
    assert permit["purpose"] == "medical"
    assert permit["areas"] == ["01.001", "01.005"]
    assert permit["number"] == "HN-2021-000815"

    # The same token from standard input.
    proc = qrpass("verify", "--trust", pycose_issuer.trust_file, "--at", VERIFY_AT, "--json", "-",
                  stdin=token)
    assert json.loads(proc.stdout)["outcome"] == "valid"


def test_pycose_token_with_headers_in_another_order_verifies(qrpass, pycose_issuer, tmp_path):
    # {4: kid, 1: -8}: COSE does not order header maps, and neither does the spec.
    token = pycose_issuer.token(phdr={KID: pycose_issuer.kid, Algorithm: EdDSA})
    outcome = verify_json(qrpass, pycose_issuer.trust_file, token, tmp_path)
    assert outcome["outcome"] == "valid", outcome


def test_tampered_pycose_signature_is_bad_signature(qrpass, pycose_issuer, tmp_path):
    cose = bytearray(token_to_cose(pycose_issuer.token()))
    cose[-40] ^= 0x01  # one byte inside the 64-byte signature (the last field)
    outcome = verify_json(qrpass, pycose_issuer.trust_file, cose_to_token(bytes(cose)), tmp_path)
    assert outcome["outcome"] == "invalid"
    assert outcome["code"] == "bad_signature", outcome


def test_tampered_pycose_payload_is_bad_signature(qrpass, pycose_issuer, tmp_path):
    claims = pycose_issuer.permit_claims()
    good = token_to_cose(pycose_issuer.token(claims=claims))
    msg = Sign1Message.decode(good)
    longer = pycose_issuer.permit_claims()
    longer[4] += 86400  # a day more of validity, same signature
    msg.payload = cbor2.dumps(longer)
    forged = cbor2.dumps(cbor2.CBORTag(18, [msg.phdr_encoded, {}, msg.payload, msg.signature]))
    outcome = verify_json(qrpass, pycose_issuer.trust_file, cose_to_token(forged), tmp_path)
    assert outcome["code"] == "bad_signature", outcome


def test_pycose_kid_in_unprotected_header_is_rejected(qrpass, pycose_issuer, tmp_path):
    token = pycose_issuer.token(phdr={Algorithm: EdDSA}, uhdr={KID: pycose_issuer.kid})
    msg = Sign1Message.decode(token_to_cose(token))
    msg.key = OKPKey(crv=Ed25519, x=pycose_issuer.raw_public)
    assert msg.verify_signature(), "a valid COSE message, for pycose"
    outcome = verify_json(qrpass, pycose_issuer.trust_file, token, tmp_path)
    assert outcome["outcome"] == "invalid"
    assert outcome["code"] == "unprotected_header", outcome


def test_pycose_token_from_an_untrusted_key_is_unknown_key(qrpass, pycose_issuer, tmp_path):
    (tmp_path / "stranger").mkdir()
    stranger = PycoseIssuer(tmp_path / "stranger")
    outcome = verify_json(qrpass, pycose_issuer.trust_file, stranger.token(), tmp_path)
    assert outcome["code"] == "unknown_key", outcome
