"""The runnable examples of examples/python, run as a user runs them."""

import csv
import json
import subprocess
import sys
from datetime import datetime

import pytest

from conftest import AT, REPO, example, trust_for

EXAMPLES = REPO / "examples" / "python"


@pytest.fixture()
def payloads(tmp_path, key, issuer):
    """A CSV of 300 payloads (every third tampered, one empty) and the trust file."""
    rows = []
    for i in range(300):
        data = example("permit")
        data["number"] = f"HCM-2021-{i:06d}"
        token = issuer.issue(data, iat="2021-09-01T08:00:00+07:00", cti=i.to_bytes(8, "big"))
        if i % 3 == 2:
            c = token[-30]  # inside the signature: still Base45, no longer signed
            token = token[:-30] + ("1" if c == "0" else "0") + token[-29:]
        rows.append({"row": i, "token": "" if i == 299 else token, "office": "Q1"})
    csv_path = tmp_path / "payloads.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["row", "token", "office"])
        writer.writeheader()
        writer.writerows(rows)
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(trust_for(key.public_key())), encoding="utf-8")
    return csv_path, trust


def run(*args):
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=600)


def check_results(rows):
    assert len(rows) == 300
    for r in rows:
        i = int(r["row"])
        want = "empty_input" if i == 299 else ("bad_signature" if i % 3 == 2 else None)
        assert (r["code"] or None) == want, r
        assert r["outcome"] == ("invalid" if want else "valid")
        assert r["office"] == "Q1"
        if not want:
            assert r["kind"] == "permit" and r["issuer"] == "VN-SG"
            assert int(r["cti"], 16) == i


def test_validate_payloads_csv(payloads, tmp_path):
    csv_path, trust = payloads
    out = tmp_path / "results.csv"
    proc = run(EXAMPLES / "validate_payloads.py", csv_path, "--trust", trust, "--out", out, "--at", AT)
    assert proc.returncode == 1, proc.stderr  # some payloads failed
    assert "300 payloads verified" in proc.stdout
    assert "bad_signature" in proc.stdout and "empty_input" in proc.stdout
    with open(out, newline="", encoding="utf-8") as f:
        check_results(list(csv.DictReader(f)))


def test_validate_payloads_parquet(payloads, tmp_path):
    pa = pytest.importorskip("pyarrow", reason="pyarrow is in bindings-python/tests/requirements.txt")
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    csv_path, trust = payloads
    source = tmp_path / "payloads.parquet"
    table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(strings_can_be_null=False))
    pq.write_table(table, source)
    out = tmp_path / "results.parquet"
    proc = run(EXAMPLES / "validate_payloads.py", source, "--trust", trust, "--out", out, "--at", AT)
    assert proc.returncode == 1, proc.stderr
    rows = pq.read_table(out).to_pylist()
    for r in rows:
        r["token"] = r["token"] or ""
    check_results(rows)
    assert pa is not None


def test_validate_payloads_missing_column(payloads, tmp_path):
    csv_path, trust = payloads
    proc = run(EXAMPLES / "validate_payloads.py", csv_path, "--trust", trust,
               "--out", tmp_path / "r.csv", "--column", "nope")
    assert proc.returncode != 0 and "no column 'nope'" in proc.stderr


def test_spark_validate_in_local_mode(payloads, tmp_path):
    pytest.importorskip("pyspark", reason="pyspark is in bindings-python/tests/requirements.txt")
    import pyarrow.parquet as pq

    csv_path, trust = payloads
    out = tmp_path / "spark-results"
    proc = run(EXAMPLES / "spark_validate.py", csv_path, "--trust", trust, "--out", out,
               "--at", AT, "--master", "local[2]")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "300 payloads verified" in proc.stdout
    rows = pq.read_table(out).to_pylist()
    for r in rows:
        r["token"] = r["token"] or ""
        r["cti"] = r["cti"] or ""
    check_results(rows)
    valid = [r for r in rows if r["outcome"] == "valid"]
    assert valid and all(r["iat"] == datetime(2021, 9, 1, 1, 0) and r["purpose"] for r in valid)
    assert all(r["kid"] == valid[0]["kid"] and len(r["kid"]) == 16 for r in valid)


def test_polars_parquet_in_batches(payloads, tmp_path):
    pytest.importorskip("polars", reason="polars is in bindings-python/requirements-dev.txt")
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    csv_path, trust = payloads
    source = tmp_path / "tokens.parquet"
    pq.write_table(pacsv.read_csv(csv_path), source)  # the empty token is read as null
    out = tmp_path / "results.parquet"
    proc = run(EXAMPLES / "polars_parquet.py", source, "--trust", trust, "--out", out,
               "--at", AT, "--batch-rows", 64)
    assert proc.returncode == 1, proc.stderr  # some tokens failed
    assert "300 tokens verified" in proc.stdout and "bad_signature" in proc.stdout
    table = pq.read_table(out)
    assert pq.ParquetFile(out).metadata.num_row_groups == 5  # written batch by batch
    rows = table.to_pylist()
    for r in rows:
        r["token"] = r["token"] or ""
    check_results(rows)
    iat = table.schema.field("iat").type  # Polars holds no seconds: milliseconds, UTC
    assert iat.unit == "ms" and iat.tz == "UTC"


def test_polars_parquet_missing_column(payloads, tmp_path):
    pytest.importorskip("polars", reason="polars is in bindings-python/requirements-dev.txt")
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, trust = payloads
    source = tmp_path / "t.parquet"
    pq.write_table(pa.table({"text": ["VN1:"]}), source)
    proc = run(EXAMPLES / "polars_parquet.py", source, "--trust", trust, "--out", tmp_path / "r.parquet")
    assert proc.returncode == 2 and "no column 'token'" in proc.stderr
    assert not (tmp_path / "r.parquet").exists()
