"""ID cards (CCCD): parsing, classify, bind, the policy's holder rules, the
pre-filled declaration, and no card data where it does not belong."""

import json
import pathlib

import pytest

import qrpass
from conftest import trust_for

CARD = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021"
EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "spec" / "examples"
IAT = "2021-09-01T08:00:00+07:00"
AT = "2021-09-10T08:00:00+07:00"


def _issued(pass_dict):
    key = qrpass.PrivateKey.generate()
    token = qrpass.Issuer(key, "VN-SG").issue(pass_dict, iat=IAT)
    return token, qrpass.Verifier(trust_for(key.public_key()))


@pytest.fixture(scope="module")
def permit():
    return _issued(json.loads((EXAMPLES / "permit.json").read_text()))


def test_parse_gives_every_field_and_repr_hides_them():
    card = qrpass.IdCard.parse(CARD)
    assert (card.number, card.old_number, card.name) == ("079201001234", "023456789", "Nguyễn Văn An")
    assert (card.birth_date, card.sex, card.issue_date) == ("2001-05-14", "male", "2021-06-01")
    assert card.address == "MARKER-ADDRESS"
    assert not card.inconsistent_number and card.number_conflicts == []
    assert repr(card) == "IdCard(••••••••1234)"
    masked = json.dumps(card.masked(), ensure_ascii=False)
    for hidden in ["MARKER-ADDRESS", "079201001234", "023456789", "2021-06-01"]:
        assert hidden not in masked
    assert card.to_dict()["address"] == "MARKER-ADDRESS"


def test_bad_cards_raise_format_errors_with_stable_codes():
    for text, code in [
        (CARD.replace("079201001234", "07920100123"), "bad_id_card"),
        (CARD.replace("14052001", "30022001"), "bad_id_card"),
        ("", "empty_input"),
        ("x" * 1025, "input_too_large"),
    ]:
        with pytest.raises(qrpass.FormatError) as e:
            qrpass.IdCard.parse(text)
        assert e.value.code == code
        assert "MARKER" not in str(e.value)
    with pytest.raises(qrpass.Error) as e:
        qrpass.IdCard.from_bytes(b"\xff\xfe")
    assert e.value.code == "bad_id_card"


def test_a_photo_of_the_card_reads_like_its_text():
    png = qrpass.render_png(CARD)
    assert qrpass.IdCard.from_bytes(png).to_dict() == qrpass.IdCard.parse(CARD).to_dict()
    assert qrpass.IdCard.from_bytes(CARD.encode()).number == "079201001234"
    with pytest.raises(qrpass.Error) as e:
        qrpass.IdCard.from_bytes(qrpass.render_png("HELLO"))
    assert e.value.code == "bad_id_card"


def test_classify_routes_every_kind():
    assert qrpass.classify("VN1:ABC") == "pass"
    assert qrpass.classify("VN1T:ABC") == "trust_list"
    assert qrpass.classify("VN1R:ABC") == "revocation_list"
    assert qrpass.classify(CARD) == "id_card"
    assert qrpass.classify("HC1:ABC") == "eu_dcc"
    assert qrpass.classify("hello") == "unknown"


def test_bind_and_check_with_a_card(permit):
    token, verifier = permit
    verified = verifier.verify(token, at=AT)
    assert qrpass.bind(verified, CARD) == {"id": "match", "name": "exact", "birth_date": "absent", "summary": "match"}
    unmarked = CARD.replace("Nguyễn Văn An", "Nguyen Van An")
    assert qrpass.bind(verified, qrpass.IdCard.parse(unmarked))["name"] == "marks_only"
    policy = qrpass.Policy.from_json('{"accept": ["permit"], "holder": {"require_card": ["permit"]}}')
    allowed = policy.check(verifier, token, area="79.760", at=AT, id_card=CARD)
    assert allowed.outcome == "allow"
    assert allowed.view["holder"]["result"] == "match"
    missing = policy.check(verifier, token, area="79.760", at=AT)
    assert (missing.outcome, missing.codes) == ("review", ["id_card_missing"])
    other = policy.check(verifier, token, area="79.760", at=AT, id_card=CARD.replace("079201001234", "079201005555"))
    assert (other.outcome, other.codes) == ("deny", ["holder_id_mismatch"])
    shown = json.dumps([allowed.view, other.view], ensure_ascii=False)
    for hidden in ["MARKER-ADDRESS", "079201001234", "079201005555", "023456789", "2021-06-01"]:
        assert hidden not in shown
    with pytest.raises(qrpass.Error) as e:
        policy.check(verifier, token, at=AT, id_card=42)
    assert e.value.code == "invalid_argument"
    with pytest.raises(qrpass.Error) as e:
        qrpass.bind(verified, "not a card")
    assert e.value.code == "bad_id_card"


def test_an_officer_declares_for_the_card_holder():
    card = qrpass.IdCard.parse(CARD)
    declaration = card.declaration("HCM-Q1-01", AT, "79.760", "79")
    d = declaration.to_dict()
    assert d["declarant"] == {"name": "Nguyễn Văn An", "id": {"kind": "cccd", "number": "079201001234"}, "birth_date": "2001-05-14"}
    assert d["symptoms"] == [] and "MARKER" not in json.dumps(d, ensure_ascii=False)
    d["symptoms"] = ["cough"]
    token, verifier = _issued(d)
    verified = verifier.verify(token, at=AT)
    assert qrpass.bind(verified, card)["summary"] == "match"
    with pytest.raises(qrpass.Error) as e:
        card.declaration("HCM-Q1-01", AT, "not an area", "79")
    assert e.value.code == "invalid_area"
