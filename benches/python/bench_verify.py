#!/usr/bin/env python3
"""Side-by-side verification benchmark (issue 5): the same tokens verified by

  (a) a pycose + cbor2 + base45 pipeline (what a team would write without qrpass),
  (b) qrpass.Verifier.verify, one token at a time,
  (c) qrpass.Verifier.verify_many, on every core,

then 1,000,000 payloads through the streaming form (qrpass.verify_iter) with
peak RSS, and the projected time for 5.3 million declarations.

    bash benches/python/run.sh          # builds the release wheel, then runs this
    python benches/python/bench_verify.py [--tokens 4000] [--stream 1000000]
"""

import argparse
import json
import os
import resource
import time
from datetime import datetime
from pathlib import Path

import base45
import cbor2
from pycose.headers import KID
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message

import qrpass

REPO = Path(__file__).resolve().parents[2]
AT = "2021-09-10T08:00:00+07:00"
CLAIM_PASS = -65537


def make_tokens(n: int):
    key = qrpass.PrivateKey.from_seed(bytes(range(32)))
    permit = json.loads((REPO / "spec/examples/permit.json").read_text(encoding="utf-8"))
    records = []
    for i in range(n):
        p = dict(permit)
        p["number"] = f"HCM-2021-{i:06d}"
        records.append(p)
    issued = qrpass.issue_many(records, key, "VN-SG", iat="2021-09-01T08:00:00+07:00")
    tokens = [r["token"] for r in issued]
    public = key.public_key()
    trust = {"keys": [{"issuer": "VN-SG", "kid": public.kid, "public_key": public.to_bytes().hex(),
                       "kinds": ["permit"], "status": "active",
                       "valid_from": "2021-01-01T00:00:00+07:00"}]}
    return tokens, public, trust


def pycose_verify(text: str, keys: dict, now: int) -> dict:
    """The pipeline a team would write: Base45, COSE_Sign1, Ed25519, CWT claims, expiry."""
    if not text.startswith("VN1:"):
        raise ValueError("bad prefix")
    msg = Sign1Message.decode(base45.b45decode(text[4:]))
    msg.key = keys[bytes(msg.phdr[KID])]
    if not msg.verify_signature():
        raise ValueError("bad signature")
    claims = cbor2.loads(msg.payload)
    if claims[4] <= now:
        raise ValueError("expired")
    if claims[1] != "VN-SG":
        raise ValueError("issuer")
    return claims[CLAIM_PASS]


def per_token(seconds: float, n: int) -> float:
    return seconds / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--stream", type=int, default=1_000_000)
    args = parser.parse_args()

    tokens, public, trust = make_tokens(args.tokens)
    verifier = qrpass.Verifier(trust)
    now = int(datetime.fromisoformat(AT).timestamp())
    keys = {bytes.fromhex(public.kid): OKPKey(crv=Ed25519, x=public.to_bytes())}
    print(f"machine: {os.cpu_count()} cores; {len(tokens)} distinct permit tokens, "
          f"{len(tokens[0])} characters each")

    # Correctness first: all three agree on every token.
    for t in tokens[:200]:
        assert pycose_verify(t, keys, now)[1] == verifier.verify(t, at=now).pass_.number
    assert all(r.ok for r in verifier.verify_many(tokens, at=now))

    start = time.perf_counter()
    for t in tokens:
        pycose_verify(t, keys, now)
    a = per_token(time.perf_counter() - start, len(tokens))

    reps = 3
    start = time.perf_counter()
    for _ in range(reps):
        for t in tokens:
            verifier.verify(t, at=now)
    b = per_token(time.perf_counter() - start, reps * len(tokens))

    many = tokens * 10
    start = time.perf_counter()
    for _ in range(reps):
        verifier.verify_many(many, at=now)
    c = per_token(time.perf_counter() - start, reps * len(many))

    print(f"(a) pycose + cbor2 + base45     {a:8.1f} µs/token")
    print(f"(b) qrpass.verify, one by one   {b:8.1f} µs/token   {a / b:4.1f}× (a)   target ≥ 3×")
    print(f"(c) qrpass.verify_many          {c:8.1f} µs/token   {b / c:4.2f}× (b)   target ≥ 1.8×")

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stream = (tokens[i % len(tokens)] for i in range(args.stream))
    start = time.perf_counter()
    valid = 0
    for r in qrpass.verify_iter(verifier, stream, at=now):
        valid += r.ok
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert valid == args.stream
    print(f"stream: {args.stream:,} payloads through verify_iter in {seconds:.1f} s "
          f"({per_token(seconds, args.stream):.1f} µs/token); peak RSS {peak / 1024:.0f} MB "
          f"(+{(peak - base) / 1024:.0f} MB during the stream)   target ≤ 300 MB")
    print(f"projected for 5,300,000 declarations: {seconds / args.stream * 5.3e6 / 60:.1f} min")


if __name__ == "__main__":
    main()
