"""One verifier shared by many Python threads: same answers as alone."""

import threading
from concurrent.futures import ThreadPoolExecutor

import qrpass
from conftest import AT, example


def test_shared_verifier_from_many_threads(issuer, verifier):
    tokens = []
    for i in range(40):
        data = example("permit")
        data["number"] = f"HCM-2021-{i:06d}"
        tokens.append(issuer.issue(data, iat="2021-09-01T08:00:00+07:00", cti=i.to_bytes(8, "big")))
    tampered = [t[:-3] + ("AAA" if t[-3:] != "AAA" else "BBB") for t in tokens[:10]]
    texts = tokens + tampered + ["VN1:", "garbage"]
    expected = [(r.outcome, r.code, r.verified and r.verified.cti) for r in verifier.verify_many(texts, at=AT)]
    assert expected[0][0] == "valid" and expected[40][0] == "invalid"

    barrier = threading.Barrier(8)

    def work(seed: int):
        barrier.wait()  # all threads start together
        out = []
        for round_ in range(25):
            if (seed + round_) % 2:
                out.append([(r.outcome, r.code, r.verified and r.verified.cti)
                            for r in verifier.verify_many(texts, at=AT)])
            else:
                row = []
                for t in texts:
                    try:
                        v = verifier.verify(t, at=AT)
                        row.append(("valid", None, v.cti))
                    except qrpass.Error as e:
                        row.append(("invalid", e.code, None))
                out.append(row)
        return out

    with ThreadPoolExecutor(max_workers=8) as pool:
        for rounds in pool.map(work, range(8)):
            for got in rounds:
                assert got == expected
