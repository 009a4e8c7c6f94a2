"""pycose interop both ways, through the binding (the CLI has the same in tests/interop).

1. The binding issues every pass kind; pycose verifies the COSE_Sign1 signature
   and cbor2 reads the claims, which an independent checker finds strictly encoded.
2. A pycose-built token verifies with `qrpass.Verifier`; tampering is
   `bad_signature`, a kid in the unprotected header `unprotected_header`.
"""

import sys

import cbor2
import pytest
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message

import qrpass
from conftest import REPO, example

sys.path.insert(0, str(REPO / "tests" / "interop"))
from test_pycose import (  # noqa: E402  (the spec-only pycose issuer and checkers)
    CLAIM_PASS,
    KIND_NUMBERS,
    VERIFY_AT,
    PycoseIssuer,
    StrictCbor,
    cose_to_token,
    kid_of,
    token_to_cose,
)

KINDS = sorted(KIND_NUMBERS)


@pytest.mark.parametrize("kind", KINDS)
def test_binding_token_verifies_with_pycose(kind, key, issuer):
    data = example(kind)
    token = issuer.issue(data, iat=data["validity"]["from"], cti=b"\xc0\xff\xee\x00\x01")
    cose = token_to_cose(token)
    StrictCbor.check(cose)
    raw_public = key.public_key().to_bytes()
    msg = Sign1Message.decode(cose)
    assert msg.phdr == {Algorithm: EdDSA, KID: kid_of(raw_public)}
    msg.key = OKPKey(crv=Ed25519, x=raw_public)
    assert msg.verify_signature()
    claims = cbor2.loads(msg.payload)
    StrictCbor.check(msg.payload)
    assert claims[1] == "VN-SG" and claims[7] == b"\xc0\xff\xee\x00\x01"
    assert claims[CLAIM_PASS][0] == KIND_NUMBERS[kind]


@pytest.fixture()
def pycose_issuer(tmp_path):
    return PycoseIssuer(tmp_path)


def test_pycose_token_verifies_with_binding(pycose_issuer):
    verifier = qrpass.Verifier(pycose_issuer.trust_file.read_text())
    verified = verifier.verify(pycose_issuer.token(), at=VERIFY_AT)
    assert verified.kind == "permit"
    assert verified.pass_.holder.name == "Nguyễn Thị Thu Hà"
    assert verified.pass_.holder.birth_date == "1990-05-17"
    assert verified.cti == "0123456789abcdef"


def test_tampered_pycose_token_is_bad_signature(pycose_issuer):
    verifier = qrpass.Verifier(pycose_issuer.trust_file.read_text())
    cose = bytearray(token_to_cose(pycose_issuer.token()))
    cose[-40] ^= 0x01
    with pytest.raises(qrpass.SignatureError) as raised:
        verifier.verify(cose_to_token(bytes(cose)), at=VERIFY_AT)
    assert raised.value.code == "bad_signature"


def test_pycose_kid_in_unprotected_header_is_rejected(pycose_issuer):
    verifier = qrpass.Verifier(pycose_issuer.trust_file.read_text())
    token = pycose_issuer.token(phdr={Algorithm: EdDSA}, uhdr={KID: pycose_issuer.kid})
    with pytest.raises(qrpass.FormatError) as raised:
        verifier.verify(token, at=VERIFY_AT)
    assert raised.value.code == "unprotected_header"
