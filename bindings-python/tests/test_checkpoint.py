"""Checkpoint through the binding: offers, refusals leaving the state unchanged,
save/restore, clock hints, the tally without personal data (TRUST.md §9)."""

import json

import pytest

import qrpass
from conftest import VECTORS, read_json


def _setup():
    v = read_json(VECTORS / "checkpoint_save_restore.json")
    root = qrpass.PublicKey.from_bytes(bytes.fromhex(v["root_public_key"]))
    files = [bytes.fromhex(s["offer"]["hex"]) for s in v["steps"] if "offer" in s]
    token = next(s["check"] for s in v["steps"] if "check" in s)
    return root, files, token


def test_offer_check_save_restore_and_the_tally():
    root, files, token = _setup()
    cp = qrpass.Checkpoint(root, "QL1A-01", area="79.760")
    with pytest.raises(qrpass.Error) as raised:
        cp.offer(files[0])  # a policy before the trust list naming its signer
    assert raised.value.code == "bad_policy"
    assert cp.offer(files[1]) == {"kind": "trust_list", "outcome": "loaded", "sequence": 2}
    assert cp.offer(files[2])["id"] == "province"
    d = cp.check(token, at="2021-09-10T08:00:00+07:00")
    assert (d.outcome, d.codes, d.policy) == ("allow", ["pass_valid"], {"id": "province", "sequence": 2, "signed": True})
    cp.check(token, at="2021-09-10T08:00:30+07:00")  # a re-scan: counted once
    saved = cp.save()
    back = qrpass.Checkpoint.restore(saved)
    assert back.save() == saved
    assert json.loads(back.tally_json())["total"] == 1
    csv = back.tally_csv()
    assert csv.splitlines() == ["hour,kind,outcome,holder,count", "2021-09-10T01:00:00Z,permit,allow,none,1"]
    for marker in ["Nguyễn", "079201001234", "permit-1", "HCM-2021"]:
        assert marker not in csv and marker not in back.tally_json()
        assert marker.encode() not in saved
    back.reset_tally()
    assert json.loads(back.tally_json()) == {"total": 0, "rows": []}


def test_refusals_and_damaged_states_change_nothing():
    root, files, token = _setup()
    cp = qrpass.Checkpoint(root, "QL1A-01", area="79.760")
    cp.offer(files[1])
    before = cp.save()
    flipped = files[1][:-1] + bytes([files[1][-1] ^ 1])
    cut = files[1][:-1]
    for bad, code in [(b"hello", "unknown_artifact"), (token, "unknown_artifact"), (cut, "unknown_artifact"), (flipped, "bad_trust_list")]:
        with pytest.raises(qrpass.Error) as raised:
            cp.offer(bad)
        assert raised.value.code == code
        assert cp.save() == before
    for damaged in [before[:-1], before[:10], b""]:
        with pytest.raises(qrpass.Error) as raised:
            qrpass.Checkpoint.restore(damaged)
        assert raised.value.code == "bad_checkpoint_state"
    with pytest.raises(qrpass.Error) as raised:
        cp.set_refresh(0, 10)
    assert raised.value.code == "invalid_argument"
    with pytest.raises(qrpass.Error) as raised:
        cp.set_area("7")
    assert raised.value.code == "invalid_area"


def test_status_clock_hint_and_local_policy():
    root, files, token = _setup()
    cp = qrpass.Checkpoint(root, "QL1A-01", area="79.760")
    cp.offer(files[1])
    s = cp.status(at="2021-09-10T08:00:00+07:00")
    assert [a["state"] for a in s["artifacts"]] == ["fresh", "missing", "missing"]
    assert s["next_refresh_at"] == "2021-09-10T08:00:00+07:00"
    cp.record_refresh(False, at="2021-09-10T08:00:00+07:00")
    assert cp.status(at="2021-09-10T08:00:00+07:00")["next_refresh_at"] == "2021-09-10T08:30:00+07:00"
    cp.set_local_policy(qrpass.Policy.from_json('{"accept": ["permit"]}'))
    cp.set_time_hint("2021-09-10T08:10:00+07:00", "2021-09-10T08:00:00+07:00")
    assert cp.status(at="2021-09-10T08:00:00+07:00")["drift_seconds"] == 600
    d = cp.check(token, at="2021-09-10T08:00:00+07:00")
    assert d.codes == ["clock_drift"] and d.policy == {"id": "local", "sequence": None, "signed": False}
