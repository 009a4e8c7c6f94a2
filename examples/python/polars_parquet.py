#!/usr/bin/env python3
"""Verify a Parquet file of qrpass tokens with Polars and write the results as Parquet.

    python examples/python/polars_parquet.py tokens.parquet --trust trust.json \\
        --out results.parquet [--column token] [--at 2021-09-10T08:00:00+07:00]

The input is scanned lazily and read in batches of ``--batch-rows`` rows
(``LazyFrame.collect_batches``); each batch's token column goes to
``Verifier.verify_arrow`` as a Polars Series (through the Arrow C stream
interface, no Python object per row, verified on every core), the result
columns are appended and the batch is written to one Parquet file, so memory
stays flat whatever the file size. Prints the count per outcome code.

Exit status: 0 when every token verified, 1 when some did not, 2 on bad usage.
"""

import argparse
import collections
import sys
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

import qrpass


def verify_file(source: Path, trust: Path, out: Path, column: str, at, batch_rows: int):
    """Verifies every row of `source`, writes `out`; returns the count per code."""
    verifier = qrpass.Verifier(trust.read_text(encoding="utf-8"))
    frame = pl.scan_parquet(source)
    counts = collections.Counter()
    writer = None
    try:
        for batch in frame.collect_batches(chunk_size=batch_rows):
            result = pl.from_arrow(verifier.verify_arrow(batch[column], at))
            table = pl.concat([batch, result], how="horizontal").to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema)
            writer.write_table(table)
            codes = result["code"].fill_null("valid").value_counts()
            counts.update(dict(zip(codes["code"].to_list(), codes["count"].to_list())))
    finally:
        if writer is not None:
            writer.close()
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="Parquet file of tokens")
    parser.add_argument("--trust", type=Path, required=True, help="trust file (JSON)")
    parser.add_argument("--out", type=Path, required=True, help="results (Parquet)")
    parser.add_argument("--column", default="token")
    parser.add_argument("--at", help="verify as of this RFC 3339 time (default now)")
    parser.add_argument("--batch-rows", type=int, default=65_536)
    args = parser.parse_args(argv)
    names = pl.scan_parquet(args.input).collect_schema().names()
    if args.column not in names:
        parser.error(f"{args.input} has no column {args.column!r} (columns: {names})")

    counts = verify_file(args.input, args.trust, args.out, args.column, args.at, args.batch_rows)
    print(f"{sum(counts.values())} tokens verified -> {args.out}")
    for code, count in counts.most_common():
        print(f"  {code:<24}{count:>10}")
    return 0 if set(counts) <= {"valid"} else 1


if __name__ == "__main__":
    sys.exit(main())
