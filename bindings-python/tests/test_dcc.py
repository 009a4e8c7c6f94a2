"""EU DCCs (HC1:) through DccVerifier and verify_any, on dgc-testdata files."""

import json
import pathlib

import pytest

import qrpass

SUITE = pathlib.Path(__file__).resolve().parents[2] / "testdata" / "dgc"


def case(name):
    f = json.loads((SUITE / name).read_text())
    ctx = f["TESTCTX"]
    return f["PREFIX"], ctx["CERTIFICATE"].encode(), ctx["VALIDATIONCLOCK"]


def test_dcc_verifies_and_fails_with_core_codes():
    text, dsc, clock = case("AT/2DCode/raw/1.json")
    dcc = qrpass.DccVerifier(dsc)
    verified = dcc.verify(text, at=clock)
    assert verified["issuer"] == "AT"
    assert verified["certificate"]["statement"]["type"] == "vaccination"
    with pytest.raises(qrpass.TimeError) as e:
        dcc.verify(text, at="2023-01-01T00:00:00Z")
    assert e.value.code == "expired"
    with pytest.raises(qrpass.Error) as e:
        qrpass.DccVerifier(b"not a certificate")
    assert e.value.code == "bad_trust_list"


def test_verify_any_gives_one_outcome_shape():
    text, dsc, clock = case("AT/2DCode/raw/1.json")
    verifier = qrpass.Verifier('{"keys": []}')
    dcc = qrpass.DccVerifier(dsc)
    ok = qrpass.verify_any(text, verifier, dcc, at=clock)
    assert (ok["outcome"], ok["code"], ok["verified"]["format"]) == ("valid", None, "hc1")
    bad = qrpass.verify_any("VN1:", verifier, dcc, at=clock)
    assert (bad["outcome"], bad["code"]) == ("invalid", "bad_cbor")
    other = qrpass.verify_any("HC1:NCF", verifier, dcc, at=clock)
    assert other["code"] == "bad_zlib"
