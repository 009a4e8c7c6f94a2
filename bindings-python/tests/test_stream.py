"""The streaming forms keep memory bounded, report progress, and keep order."""

import subprocess
import sys
import textwrap

import qrpass
from conftest import AT, REPO


def test_verify_iter_order_progress_and_chunking(verifier, permit_token):
    texts = (permit_token if i % 3 else f"bad-{i}" for i in range(10_000))
    seen = []
    results = list(qrpass.verify_iter(verifier, texts, at=AT, chunk_size=999, progress=seen.append))
    assert len(results) == 10_000
    assert [r.ok for r in results[:6]] == [False, True, True, False, True, True]
    assert sum(seen) == 10_000 and max(seen) == 999
    assert results[3].code == "bad_prefix"


def test_verify_file_strips_newlines(tmp_path, verifier, permit_token):
    path = tmp_path / "tokens.txt"
    path.write_text(f"{permit_token}\n  {permit_token}  \r\n\nVN1:%%\n", encoding="utf-8")
    codes = [r.code for r in qrpass.verify_file(verifier, path, at=AT)]
    assert codes == [None, None, "empty_input", "bad_base45"]


def test_progress_true_without_tqdm_is_silent(verifier, permit_token):
    results = list(qrpass.verify_iter(verifier, [permit_token] * 3, at=AT, progress=True))
    assert all(results)


def test_chunk_size_must_be_positive(verifier):
    import pytest

    with pytest.raises(ValueError):
        list(qrpass.verify_iter(verifier, ["x"], chunk_size=0))


def test_streaming_memory_is_bounded():
    """100,000 tokens from a generator through verify_iter: peak RSS grows by
    less than 40 MB (holding the 100,000 results would take several times that)."""
    script = textwrap.dedent(
        f"""
        import json, resource, sys
        import qrpass
        key = qrpass.PrivateKey.from_seed(bytes(range(32)))
        permit = json.load(open({str(REPO / "spec/examples/permit.json")!r}, encoding="utf-8"))
        token = qrpass.Issuer(key, "VN-SG").issue(permit, iat="2021-09-01T08:00:00+07:00", cti=b"12345678")
        trust = {{"keys": [{{"issuer": "VN-SG", "kid": key.public_key().kid,
                  "public_key": key.public_key().to_bytes().hex(), "kinds": ["permit"],
                  "status": "active", "valid_from": "2021-01-01T00:00:00+07:00"}}]}}
        verifier = qrpass.Verifier(trust)
        n = int(sys.argv[1])
        # Warm up: the thread pool, one chunk of results.
        for _ in qrpass.verify_iter(verifier, (token for _ in range(20000)), at={AT!r}):
            pass
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        valid = 0
        for r in qrpass.verify_iter(verifier, (token for _ in range(n)), at={AT!r}):
            valid += r.ok
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(valid, (peak - base) // 1024)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, "100000"], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    valid, growth_mb = map(int, out.stdout.split())
    assert valid == 100_000
    assert growth_mb < 40, f"peak RSS grew by {growth_mb} MB"
