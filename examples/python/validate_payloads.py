#!/usr/bin/env python3
"""Verify a file of qrpass payloads (CSV or Parquet), write the results, print a summary.

    python examples/python/validate_payloads.py --trust trust.json \\
        payloads.csv --column token --out results.csv [--at 2021-09-10T08:00:00+07:00]

Input: a CSV file with a header row, or a Parquet file; ``--column`` names the
column holding the ``VN1:`` texts (default ``token``). Other columns are copied
to the output unchanged. Output (CSV or Parquet, by extension): the input
columns plus ``outcome, code, kind, issuer, iat, exp, cti`` (times in Unix
seconds). Rows are read, verified on every core and written in chunks, so
memory stays bounded whatever the file size. Parquet needs ``pyarrow``.

Exit status: 0 when every payload verified, 1 when some did not, 2 on bad usage.
"""

import argparse
import collections
import csv
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import qrpass

RESULT_COLUMNS = ["outcome", "code", "kind", "issuer", "iat", "exp", "cti"]
CHUNK = 50_000


def read_chunks(path: Path, column: str) -> Iterator[Dict[str, List]]:
    """Chunks of the input as {column name: values}."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK):
            yield batch.to_pydict()
        return
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise SystemExit(f"error: {path} has no column {column!r} (columns: {reader.fieldnames})")
        chunk: Dict[str, List] = {name: [] for name in reader.fieldnames}
        for row in reader:
            for name in reader.fieldnames:
                chunk[name].append(row[name])
            if len(chunk[column]) == CHUNK:
                yield chunk
                chunk = {name: [] for name in reader.fieldnames}
        if chunk[column]:
            yield chunk


class Writer:
    """Writes chunks of columns to CSV or Parquet."""

    def __init__(self, path: Path):
        self.path, self.csv, self.parquet, self.file = path, None, None, None

    def write(self, columns: Dict[str, List]) -> None:
        if self.path.suffix.lower() == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.table(columns)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.path, table.schema)
            self.parquet.write_table(table)
            return
        if self.csv is None:
            self.file = open(self.path, "w", newline="", encoding="utf-8")
            self.csv = csv.writer(self.file)
            self.csv.writerow(columns)
        self.csv.writerows(zip(*columns.values()))

    def close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
        if self.file is not None:
            self.file.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="CSV or Parquet file of payloads")
    parser.add_argument("--trust", type=Path, required=True, help="trust file (JSON) from `qrpass keygen`")
    parser.add_argument("--column", default="token", help="column holding the VN1: texts")
    parser.add_argument("--out", type=Path, required=True, help="results file: .csv or .parquet")
    parser.add_argument("--at", help="verify as of this RFC 3339 time (default now)")
    args = parser.parse_args(argv)

    verifier = qrpass.Verifier(args.trust.read_text(encoding="utf-8"))
    counts: collections.Counter = collections.Counter()
    writer = Writer(args.out)
    try:
        for chunk in read_chunks(args.input, args.column):
            texts = [t.strip() if isinstance(t, str) else "" for t in chunk[args.column]]
            results = verifier.verify_columns(texts, args.at)
            counts.update(code or "valid" for code in results["code"])
            writer.write({**chunk, **{name: results[name] for name in RESULT_COLUMNS}})
    finally:
        writer.close()

    total = sum(counts.values())
    print(f"{total} payloads verified -> {args.out}")
    for code, n in counts.most_common():
        print(f"  {code:<24}{n:>10}  {100 * n / max(total, 1):5.1f}%")
    return 0 if set(counts) <= {"valid"} else 1


if __name__ == "__main__":
    sys.exit(main())
