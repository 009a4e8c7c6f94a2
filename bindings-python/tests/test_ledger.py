"""qrpass.Ledger: pay once, export, import, reconcile (SQLite; the Rust suite covers PostgreSQL)."""

import csv

import pytest

import qrpass
from conftest import IAT, example, trust_for

PAY_AT = "2021-10-05T09:00:00+07:00"


@pytest.fixture()
def verified():
    key = qrpass.PrivateKey.from_seed(bytes(range(32)))
    issuer = qrpass.Issuer(key, "VN-SG")
    verifier = qrpass.Verifier(trust_for(key.public_key()))

    def make(case: str, cti: bytes = b"0a"):
        p = example("support_entitlement")
        p["case_number"] = case
        text = issuer.issue(p, iat=IAT, cti=cti)
        return verifier.verify(text, at=PAY_AT)

    return make


def point(name: str) -> qrpass.PrivateKey:
    return qrpass.PrivateKey.from_seed(name.encode().ljust(32, b"\0"))


def test_pays_once(tmp_path, verified):
    ledger = qrpass.Ledger(str(tmp_path / "p.db"), create=True)
    v = verified("C-1")
    first = ledger.redeem(v, "PT-A", point("PT-A"), 1_500_000, at=PAY_AT)
    assert first["outcome"] == "redeemed"
    assert first["receipt"]["seq"] == 1 and first["receipt"]["case_number"] == "C-1"
    again = ledger.redeem(verified("C-1", cti=b"0b"), "PT-B", point("PT-B"), 1_500_000, at=PAY_AT)
    assert again["outcome"] == "already_redeemed"
    assert (again["point"], again["amount_vnd"]) == ("PT-A", 1_500_000)
    assert again["receipt"] == first["receipt"]
    assert ledger.count() == 1


@pytest.mark.parametrize(
    "amount, code", [(0, "invalid_number"), (-3, "invalid_number"), (1_000_000, "amount_mismatch")]
)
def test_refusals_raise_their_code_and_write_nothing(tmp_path, verified, amount, code):
    ledger = qrpass.Ledger(str(tmp_path / "p.db"), create=True)
    with pytest.raises(qrpass.Error) as e:
        ledger.redeem(verified("C-1"), "PT-A", point("PT-A"), amount, at=PAY_AT)
    assert e.value.code == code
    assert ledger.count() == 0


def test_damaged_or_missing_files(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a ledger")
    with pytest.raises(qrpass.Error) as e:
        qrpass.Ledger(str(bad), create=True)
    assert e.value.code == "ledger_corrupt"
    assert bad.read_bytes() == b"not a ledger"
    with pytest.raises(qrpass.Error) as e:
        qrpass.Ledger(str(tmp_path / "missing.db"))
    assert e.value.code == "ledger_unavailable"


def test_reconciliation_finds_the_double_payment(tmp_path, verified):
    files, keys = [], {}
    for name in ["PT-A", "PT-B"]:
        ledger = qrpass.Ledger(str(tmp_path / f"{name}.db"), create=True)
        for case in ["C-1", "C-2"] if name == "PT-A" else ["C-2", "C-3"]:
            ledger.redeem(verified(case), name, point(name), 1_500_000, at=PAY_AT)
        path = str(tmp_path / f"{name}.jsonl")
        assert ledger.export(name, point(name), path) == 2
        files.append(path)
        keys[name] = point(name).public_key()
    province = qrpass.Ledger(str(tmp_path / "province.db"), create=True)
    for path in files:
        assert province.import_file(path, keys)["added"] == 2
    assert province.import_file(files[0], keys)["added"] == 0
    assert province.import_file(files[1], keys, check_receipts=False)["already_held"] == 2
    rows = province.report()
    doubles = [r for r in rows if r["kind"] == "double_payment"]
    assert [r["case_number"] for r in doubles] == ["C-2", "C-2"]
    assert {r["point"] for r in doubles} == {"PT-A", "PT-B"}
    out = tmp_path / "report.csv"
    assert province.write_report(csv=str(out), xlsx=str(tmp_path / "report.xlsx")) == 2
    with out.open(newline="", encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == rows
    assert list(rows[0]) == qrpass.Ledger.report_columns()
    with pytest.raises(qrpass.Error) as e:
        province.import_file(files[0], {"PT-B": keys["PT-B"]})
    assert e.value.code == "unknown_point"
