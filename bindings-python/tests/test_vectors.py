"""Every file of spec/vectors (the contract between languages), through the binding."""

import json

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


def _checkpoint_step(cp, step):
    """Runs one checkpoint step (TRUST.md §9.9); None for steps without an expectation."""
    if "offer" in step:
        before = cp.save()
        try:
            return cp.offer(_file(step["offer"]))
        except qrpass.Error as e:
            return {"outcome": "rejected", "code": e.code, "state_unchanged": cp.save() == before}
    if "check" in step:
        d = cp.check(step["check"], id_card=step["id_card"], at=step["at"])
        return {"outcome": d.outcome, "codes": d.codes, "policy": d.policy}
    if "status" in step:
        s = cp.status(at=step["status"])
        return {
            "states": [[a["kind"], a.get("id"), a["state"]] for a in s["artifacts"]],
            "next_refresh_at": s["next_refresh_at"],
            "clock_behind": s["clock_behind"],
            "clock_suspect": s["clock_suspect"],
            "policy_in_force": s["policy_in_force"],
        }
    if "set_area" in step:
        cp.set_area(step["set_area"])
        return None
    if "time_hint" in step:
        cp.set_time_hint(*step["time_hint"])
        return None
    raise AssertionError(f"unknown step {step}")


@pytest.mark.parametrize("name", INDEX["checkpoint_vectors"])
def test_checkpoint_vector(name):
    v = read_json(VECTORS / f"{name}.json")
    root = qrpass.PublicKey.from_bytes(bytes.fromhex(v["root_public_key"]))
    cp = qrpass.Checkpoint(root, v["checkpoint_id"], area=v["area"])
    for i, step in enumerate(v["steps"]):
        if "save_restore" in step:
            saved = cp.save()
            cp = qrpass.Checkpoint.restore(saved)
            got = {"same_bytes": cp.save() == saved}
        elif "restore" in step:
            before = cp.save()
            with pytest.raises(qrpass.Error) as raised:
                qrpass.Checkpoint.restore(_file(step["restore"]))
            got = {"outcome": "rejected", "code": raised.value.code, "state_unchanged": cp.save() == before}
        else:
            got = _checkpoint_step(cp, step)
        if got is not None:
            assert got == step["expected"], f"{name} step {i}"
    assert json.loads(cp.tally_json())["total"] == v["final"]["tally_total"]
