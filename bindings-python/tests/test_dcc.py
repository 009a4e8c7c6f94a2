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

HIDDEN = ["URN:UVCI", "Ministry of Health", "ORG-100030215", "EU/1/20/1528", "d919375f"]


def test_decide_gives_the_minimal_view_and_binds_a_passport():
    text, dsc, clock = case("AT/2DCode/raw/1.json")
    dcc = qrpass.DccVerifier(dsc)
    lenient = dcc.decide(text, '{"default": {"vaccination": {}}}', at=clock)
    assert (lenient["decision"], lenient["reasons"]) == ("allow", [])
    assert (lenient["name"], lenient["dob"]) == ("Musterfrau-Gößinger Gabriele", "1998-02-26")
    assert (lenient["statement"], lenient["statement_vi"]) == (
        "vaccination 1/2 on 2021-02-18 (AT)",
        "tiêm mũi 1/2 ngày 2021-02-18 (AT)",
    )
    assert not any(h in json.dumps(lenient, ensure_ascii=False) for h in HIDDEN)
    strict = dcc.decide(text, '{"default": {"vaccination": {"full_course": true, "max_days": 60}}}', at=clock)
    assert (strict["decision"], strict["reasons"]) == ("deny", ["not_full_course", "dose_too_old"])
    same = {"surname": "MUSTERFRAU<GOESSINGER", "given": "GABRIELE", "dob": "1998-02-26"}
    policy = '{"default": {"vaccination": {}}}'
    assert dcc.decide(text, policy, at=clock, passport=same)["decision"] == "allow"
    other = dict(same, dob="1998-02-27")
    assert dcc.decide(text, policy, at=clock, passport=other)["reasons"] == ["holder_mismatch"]
    for bad, code in [({"surname": "X"}, "invalid_argument"), (dict(same, dob="26.02.1998"), "invalid_date")]:
        with pytest.raises(qrpass.Error) as e:
            dcc.decide(text, policy, at=clock, passport=bad)
        assert e.value.code == code
    with pytest.raises(qrpass.Error) as e:
        dcc.decide(text, '{"default": {"vaccination": {"min_days": "x"}}}', at=clock)
    assert e.value.code == "bad_policy"
    with pytest.raises(qrpass.Error) as e:
        dcc.decide("HC1:NCF", policy, at=clock)
    assert e.value.code == "bad_zlib"


def test_the_checkpoint_holds_a_signed_dsc_list_and_checks_hc1_under_its_policy():
    text, _, clock = case("AT/2DCode/raw/1.json")
    root = qrpass.PrivateKey.from_seed(bytes([1] * 32)).public_key()
    cp = qrpass.Checkpoint(root, "entry-desk")
    dsc = SUITE.parent / "dsc"
    assert cp.dsc_list_sequence() is None
    assert cp.check(text, at=clock).codes[0] == "bad_dsc_list"
    loaded = cp.offer((dsc / "dsc-list-2.vn1d").read_bytes())
    assert (loaded["kind"], loaded["outcome"], loaded["sequence"]) == ("dsc_list", "loaded", 2)
    before = cp.save()
    with pytest.raises(qrpass.Error) as e:
        cp.offer((dsc / "dsc-list-1.vn1d").read_bytes())
    assert e.value.code == "dsc_list_rollback" and cp.save() == before
    cp.set_local_policy(qrpass.Policy.from_json('{"accept": ["permit"]}'))
    assert cp.check(text, at=clock).codes == ["kind_not_accepted"]
    # A fresh state (the checks above are in its tally): the list, then the dcc rules.
    cp = qrpass.Checkpoint.restore(before)
    cp.set_local_policy(qrpass.Policy.from_json('{"accept": ["permit"], "dcc": {"default": {"vaccination": {}}}}'))
    d = cp.check(text, at=clock)
    assert d.outcome == "allow"
    shown = json.dumps(d.view, ensure_ascii=False, default=str)
    assert "Gabriele" in shown and "1998-02-26" in shown
    assert not any(h in shown for h in HIDDEN)
    csv = cp.tally_csv()
    assert ",eu_dcc,allow,none,1" in csv
    assert not any(m in csv or m in cp.tally_json() for m in ["Gabriele", "MUSTERFRAU", "1998-02-26"])
    back = qrpass.Checkpoint.restore(cp.save())
    assert back.dsc_list_sequence() == 2 and back.save() == cp.save()
