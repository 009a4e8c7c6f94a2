"""The Python API: keys, models, issuing, verification, errors with codes."""

import json
from datetime import datetime, timedelta, timezone

import pytest

import qrpass
from conftest import AT, IAT, example, trust_for

VIETNAM = timezone(timedelta(hours=7))


def code_of(call) -> str:
    with pytest.raises(qrpass.Error) as raised:
        call()
    assert isinstance(raised.value, ValueError)
    return raised.value.code


# ---------------------------------------------------------------- keys


def test_key_pem_round_trip_and_kid():
    key = qrpass.PrivateKey.generate()
    again = qrpass.PrivateKey.from_pem(key.to_pem())
    assert again.public_key() == key.public_key()
    assert key.to_pem().startswith("-----BEGIN PRIVATE KEY-----")
    public = qrpass.PublicKey.from_pem(key.public_key().to_pem())
    assert public == key.public_key()
    assert len(public.kid) == 16 and len(public.to_bytes()) == 32
    assert "PRIVATE" not in repr(key) and key.to_pem() not in repr(key)


def test_key_errors_have_codes():
    assert code_of(lambda: qrpass.PrivateKey.from_seed(b"short")) == "bad_key"
    assert code_of(lambda: qrpass.PrivateKey.from_pem("not a key")) == "bad_key"
    assert code_of(lambda: qrpass.PublicKey.from_bytes(b"\x00" * 31)) == "bad_key"
    assert code_of(lambda: qrpass.PublicKey.from_pem("")) == "bad_key"
    assert code_of(lambda: qrpass.Issuer(qrpass.PrivateKey.generate(), "bad issuer!")) == "invalid_issuer"


# ---------------------------------------------------------------- models


def test_pass_attribute_access_to_dict_and_equality():
    data = example("permit")
    p = qrpass.Pass.from_dict(data)
    assert p.kind == "permit"
    assert p.holder.name == "Nguyễn Văn An"
    assert p.holder.id.number == "079201001234"
    assert p.holder.id == {"kind": "cccd", "number": "079201001234"}
    assert p.areas == ["79.760"]
    assert p.validity.until == "2021-09-15T23:59:59+07:00"
    assert p.holder["name"] == "Nguyễn Văn An"
    assert p.route is None  # an optional field the pass does not carry
    assert p.to_dict()["number"] == data["number"]
    assert qrpass.Pass.from_json(p.to_json()) == p
    assert qrpass.Pass.from_dict(p.to_dict()) == p
    assert "holder" in dir(p)
    with pytest.raises(AttributeError):
        p._private  # noqa: B018
    with pytest.raises(KeyError):
        p.holder["nope"]


def test_pass_is_normalised_nfc():
    data = example("permit")
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # NFD
    data["holder"]["name"] = decomposed
    assert qrpass.Pass.from_dict(data).holder.name == "Nguyễn Văn An"


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda d: d["holder"]["id"].update(number="123456789"), "invalid_id_number"),
        (lambda d: d["validity"].update({"from": "2021-09-20T00:00:00+07:00"}), "inverted_validity"),
        (lambda d: d["holder"].update(name="   "), "missing_field"),
        (lambda d: d.update(areas=["79.760"] * 40), "invalid_area"),
        # Shape errors (a missing member, an unknown kind) are JSON errors.
        (lambda d: d.pop("holder"), "bad_json"),
        (lambda d: d.update(kind="visa"), "bad_json"),
    ],
)
def test_invalid_passes_raise_with_codes(change, code):
    data = example("permit")
    change(data)
    assert code_of(lambda: qrpass.Pass.from_dict(data)) == code


def test_unserialisable_dict_is_bad_json():
    assert code_of(lambda: qrpass.Pass.from_dict({"kind": object()})) == "bad_json"
    assert code_of(lambda: qrpass.Pass.from_json("{")) == "bad_json"


# ---------------------------------------------------------------- issue and verify


@pytest.mark.parametrize("kind", ["permit", "declaration", "infection_status", "support_entitlement"])
def test_issue_verify_every_kind(kind, issuer, verifier):
    data = example(kind)
    token = issuer.issue(data, iat=data["validity"]["from"], cti=b"12345678")
    assert token.startswith("VN1:")
    # Deterministic with iat and cti.
    assert issuer.issue(qrpass.Pass.from_dict(data), iat=data["validity"]["from"], cti=b"12345678") == token
    verified = verifier.verify(token, at=data["validity"]["from"])
    assert verified.kind == kind
    assert verified.issuer == "VN-SG"
    assert verified.cti == b"12345678".hex()
    assert verified.pass_ == qrpass.Pass.from_dict(data)
    assert verified.exp > verified.iat
    assert verified.to_dict()["pass"] == qrpass.Pass.from_dict(data).to_dict()
    assert qrpass.inspect(token)["unverified_pass"]["kind"] == kind


def test_time_arguments_agree(verifier, permit_token):
    at = datetime(2021, 9, 10, 8, 0, tzinfo=VIETNAM)
    seconds = int(at.timestamp())
    for form in (AT, at, seconds, float(seconds), at.astimezone(timezone.utc)):
        assert verifier.verify(permit_token, at=form).cti == "01" * 8
    assert verifier.verify(permit_token.encode(), at=AT).issuer == "VN-SG"
    assert code_of(lambda: verifier.verify(permit_token, at=datetime(2021, 9, 10))) == "invalid_argument"
    assert code_of(lambda: verifier.verify(permit_token, at="yesterday")) == "invalid_date"
    assert code_of(lambda: verifier.verify(permit_token, at=[1])) == "invalid_argument"
    assert code_of(lambda: verifier.verify(b"\xff\xfe", at=AT)) == "invalid_argument"
    assert code_of(lambda: verifier.verify(42, at=AT)) == "invalid_argument"


def test_error_subclasses_by_family(issuer, verifier, permit_token):
    cases = {
        "VN1:%%%": (qrpass.FormatError, "bad_base45"),
        "": (qrpass.FormatError, "empty_input"),
        permit_token[:-2] + ("00" if permit_token[-2:] != "00" else "11"): (qrpass.SignatureError, "bad_signature"),
    }
    for text, (cls, code) in cases.items():
        with pytest.raises(cls) as raised:
            verifier.verify(text, at=AT)
        assert raised.value.code == code
        assert raised.value.family == cls.__name__.replace("Error", "").lower()
        assert raised.value.message and str(raised.value) == raised.value.message
    with pytest.raises(qrpass.TimeError) as raised:
        verifier.verify(permit_token, at="2022-01-01T00:00:00Z")
    assert raised.value.code == "expired"
    other = qrpass.Verifier(trust_for(qrpass.PrivateKey.generate().public_key()))
    with pytest.raises(qrpass.SignatureError) as raised:
        other.verify(permit_token, at=AT)
    assert raised.value.code == "unknown_key"
    revoked = qrpass.Verifier(trust_for(issuer_key(issuer, verifier)), revoked_ctis=["01" * 8])
    with pytest.raises(qrpass.TrustError) as raised:
        revoked.verify(permit_token, at=AT)
    assert raised.value.code == "revoked"
    assert issubclass(qrpass.TrustError, qrpass.Error) and issubclass(qrpass.Error, ValueError)


def issuer_key(issuer, verifier):
    return qrpass.PrivateKey.from_seed(bytes(range(32))).public_key()


def test_verifier_construction_errors():
    assert code_of(lambda: qrpass.Verifier("{")) == "bad_trust_list"
    assert code_of(lambda: qrpass.Verifier({"keys": [{"kid": "zz"}]})) == "bad_trust_list"
    assert code_of(lambda: qrpass.Verifier({"keys": []}, revoked_ctis=["xyz"])) == "invalid_argument"
    assert code_of(lambda: qrpass.Verifier({"keys": []}, revoked_ctis=[3])) == "invalid_argument"
    assert code_of(lambda: qrpass.Verifier({"keys": []}, revoked_ctis=[""])) == "invalid_cti"
    assert code_of(lambda: qrpass.Verifier({"keys": []}, revoked_ctis=[b""])) == "invalid_cti"
    # A trust file as JSON text works like the dict.
    key = qrpass.PrivateKey.generate().public_key()
    qrpass.Verifier(json.dumps(trust_for(key)))


def test_verify_many_in_order_and_to_dict(verifier, permit_token):
    texts = [permit_token, "nope", permit_token, ""] * 100
    results = verifier.verify_many(texts, at=AT)
    assert [r.outcome for r in results[:4]] == ["valid", "invalid", "valid", "invalid"]
    assert [r.code for r in results[:4]] == [None, "bad_prefix", None, "empty_input"]
    assert len(results) == 400 and bool(results[0]) and not results[1]
    assert results[0].verified.cti == "01" * 8 and results[1].verified is None
    assert results[0].to_dict()["verified"]["issuer"] == "VN-SG"
    assert results[1].to_dict() == {
        "outcome": "invalid",
        "code": "bad_prefix",
        "message": results[1].message,
    }
    with pytest.raises(qrpass.FormatError):
        results[1].unwrap()
    assert results[0].unwrap().issuer == "VN-SG"
    with pytest.raises(TypeError):
        verifier.verify_many("not a list of texts", at=AT)


def test_columns_for_dataframes(verifier, permit_token):
    cols = qrpass.verify_columns(verifier, [permit_token, "x"], at=AT)
    assert cols["outcome"] == ["valid", "invalid"]
    assert cols["code"] == [None, "bad_prefix"]
    assert cols["kind"] == ["permit", None]
    assert cols["issuer"] == ["VN-SG", None]
    assert cols["iat"][0] == int(datetime.fromisoformat(IAT).timestamp())
    assert cols["exp"][1] is None and cols["cti"][0] == "01" * 8
    assert qrpass.verify_columns(verifier, [], at=AT)["outcome"] == []


# ---------------------------------------------------------------- issue_many


def test_issue_many_reports_bad_rows_and_keeps_order(key, verifier):
    good = example("permit")
    bad_id = example("permit")
    bad_id["number"] = "HCM-2"
    bad_id["holder"]["id"]["number"] = "123456789"
    second = example("permit")
    second["number"] = "HCM-3"
    results = qrpass.issue_many([good, bad_id, "{", qrpass.Pass.from_dict(second)], key, "VN-SG", iat=IAT)
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["code"] for r in results] == [None, "invalid_id_number", "bad_json", None]
    assert results[1]["token"] is None and results[1]["message"]
    for r in (results[0], results[3]):
        assert verifier.verify(r["token"], at=AT).cti == r["cti"]
    # Derived token ids: a re-run gives the same ids and tokens.
    again = qrpass.issue_many([good], key, "VN-SG", iat=IAT)
    assert again[0]["token"] == results[0]["token"]
    random = qrpass.issue_many([good], key, "VN-SG", iat=IAT, cti="random")
    assert random[0]["cti"] != results[0]["cti"]
    assert code_of(lambda: qrpass.issue_many([good], key, "VN-SG", cti="sometimes")) == "invalid_argument"
    assert code_of(lambda: qrpass.issue_many([good], key, "no such issuer")) == "invalid_issuer"


# ---------------------------------------------------------------- policy


def test_policy_check_and_errors(verifier, permit_token):
    rules = {"format": 1, "accept": ["permit"], "permit": {"area": "deny"}}
    policy = qrpass.Policy.from_json(json.dumps(rules))
    decision = policy.check(verifier, permit_token, area="79.760", at=AT)
    assert decision.outcome == "allow", decision
    assert decision.view["name"] == "Nguyễn Văn An"
    assert decision.view["id_masked"].endswith("1234") and "0792" not in decision.view["id_masked"]
    elsewhere = policy.check(verifier, permit_token, area="01.001", at=AT)
    assert elsewhere.outcome == "deny" and "area_not_covered" in " ".join(elsewhere.codes)
    assert all({"code", "outcome", "en", "vi"} <= set(r) for r in elsewhere.reasons)
    forged = policy.check(verifier, "VN1:%%", at=AT)
    assert forged.outcome == "deny" and forged.codes == ["bad_base45"]
    assert "name" not in forged.view
    assert qrpass.Policy.parse(policy.to_json()).to_json() == policy.to_json()
    toml = 'format = 1\naccept = ["permit"]\n[permit]\narea = "deny"\n'
    assert qrpass.Policy.from_toml(toml).to_json() == policy.to_json()
    assert code_of(lambda: qrpass.Policy.from_json("{")) == "bad_policy"
    assert code_of(lambda: qrpass.Policy.from_toml("format = [")) == "bad_policy"
    assert code_of(lambda: policy.check(verifier, permit_token, area="7", at=AT)) == "invalid_area"
