"""Every file of spec/vectors (the contract between languages), through the binding."""

import pytest

import qrpass
from conftest import VECTORS, read_json

INDEX = read_json(VECTORS / "index.json")


def test_index_lists_exactly_the_binding_error_codes():
    assert INDEX["error_codes"] == qrpass.error_codes()


def test_every_code_raises_the_class_of_its_family_in_the_index():
    assert dict(qrpass.error_families()) == INDEX["families"]
    for code in INDEX["error_codes"]:
        family = INDEX["code_families"][code]
        err = qrpass.error_for_code(code)
        assert type(err).__name__ == INDEX["families"][family], code
        assert isinstance(err, qrpass.Error) and isinstance(err, ValueError)
        assert (err.code, err.family) == (code, family)
    with pytest.raises(qrpass.Error) as raised:
        qrpass.error_for_code("no_such_code")
    assert raised.value.code == "invalid_argument"


@pytest.mark.parametrize("name", INDEX["vectors"])
def test_token_vector(name):
    v = read_json(VECTORS / f"{name}.json")
    verifier = qrpass.Verifier(
        v["trust"], clock_skew=v["clock_skew_seconds"], revoked_ctis=v["revoked_ctis"] or None
    )
    expected = v["expected"]
    if expected["outcome"] == "valid":
        verified = verifier.verify(v["text"], at=v["at"])
        assert verified.to_dict() == expected["verified"]
        assert verified.pass_.to_dict() == expected["verified"]["pass"]
    else:
        with pytest.raises(qrpass.Error) as raised:
            verifier.verify(v["text"], at=v["at"])
        assert raised.value.code == expected["code"]
    # The batch form agrees with the single one.
    [result] = verifier.verify_many([v["text"]], at=v["at"])
    assert result.outcome == expected["outcome"]
    assert result.code == expected.get("code")


def _file(f: dict) -> bytes:
    return bytes.fromhex(f["hex"]) if "hex" in f else f["text"].encode()


@pytest.mark.parametrize("name", INDEX["trust_vectors"])
def test_trust_vector(name):
    v = read_json(VECTORS / f"{name}.json")
    anchor = qrpass.TrustAnchor(
        qrpass.PublicKey.from_bytes(bytes.fromhex(v["root_public_key"])),
        min_sequence=v["min_sequence"],
        min_revocation_sequence=v["min_revocation_sequence"],
    )
    for i, step in enumerate(v["steps"]):
        if "load" in step:
            load = {
                "trust_list": anchor.load_trust_list,
                "revocation_list": anchor.load_revocation_list,
            }[step["load"]]
            try:
                got = load(_file(step["file"]))
            except qrpass.Error as e:
                got = {"outcome": "rejected", "code": e.code}
        else:
            try:
                verified = anchor.verifier(clock_skew=v["clock_skew_seconds"]).verify(
                    step["verify"], at=step["at"]
                )
                trust = verified.trust
                trust_list = trust.get("trust_list")
                revocation = trust.get("revocation_list")
                got = {
                    "outcome": "valid",
                    "trust_list_sequence": trust_list and trust_list["sequence"],
                    "trust_list_stale": bool(trust_list and trust_list["stale"]),
                    "revocation_list_sequence": revocation and revocation["sequence"],
                    "revocation_list_stale": bool(revocation and revocation["stale"]),
                }
            except qrpass.Error as e:
                got = {"outcome": "invalid", "code": e.code}
        assert got == step["expected"], f"{name} step {i}"
    final = v["final"]
    assert anchor.root.to_bytes().hex() == final["root_public_key"]
    assert anchor.trust_sequence == final["trust_list_sequence"]
    assert anchor.revocation_sequence == final["revocation_list_sequence"]


@pytest.mark.parametrize("name", INDEX["policy_vectors"])
def test_policy_vector(name):
    v = read_json(VECTORS / f"{name}.json")
    anchor = qrpass.TrustAnchor(qrpass.PublicKey.from_bytes(bytes.fromhex(v["root_public_key"])))
    anchor.load_trust_list(_file(v["trust_list"]))
    if v["revocation_list"] is not None:
        anchor.load_revocation_list(_file(v["revocation_list"]))
    verifier = anchor.verifier(clock_skew=v["clock_skew_seconds"])
    import json

    policy = qrpass.Policy.from_json(json.dumps(v["policy"]))
    decision = policy.check(verifier, v["text"], area=v["area"], at=v["at"], id_card=v["id_card"])
    expected = v["expected"]
    assert decision.outcome == expected["decision"]
    assert decision.codes == expected["reasons"]
    assert decision.view == expected["view"]


@pytest.mark.parametrize("name", INDEX["id_card_vectors"])
def test_id_card_vector(name):
    v = read_json(VECTORS / f"{name}.json")
    assert v["type"] == "id_card"
    expected = v["expected"]
    if "error" in expected:
        with pytest.raises(qrpass.Error) as e:
            qrpass.IdCard.parse(v["text"])
        assert e.value.code == expected["error"]
    else:
        assert qrpass.IdCard.parse(v["text"]).to_dict() == expected["card"]
