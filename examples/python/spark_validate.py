#!/usr/bin/env python3
"""Verify qrpass payloads with PySpark, for when a data team outgrows one machine.

    python examples/python/spark_validate.py --trust trust.json \\
        payloads.parquet --column token --out results/ [--at ...] [--master local[*]]

Reads CSV (with a header) or Parquet, adds the result columns of
``Verifier.verify_arrow`` (``outcome, code, kind, issuer, kid, iat, exp, cti,
valid_from, valid_until, purpose, checkpoint, origin, destination``; times as
timestamps) with ``mapInArrow``: each executor builds one ``qrpass.Verifier``
per partition from the broadcast trust file and verifies each Arrow batch on
every core, Arrow in and Arrow out, with no Python object per row. Writes
Parquet to ``--out`` and prints the count per outcome code. Each executor needs
the ``qrpass`` wheel and pyarrow installed; the driver needs pyspark and pyarrow.
"""

import argparse
import os
import sys
from pathlib import Path
from typing import Iterator

RESULT_FIELDS = [
    ("outcome", "string"),
    ("code", "string"),
    ("kind", "string"),
    ("issuer", "string"),
    ("kid", "string"),
    ("iat", "timestamp"),
    ("exp", "timestamp"),
    ("cti", "string"),
    ("valid_from", "timestamp"),
    ("valid_until", "timestamp"),
    ("purpose", "string"),
    ("checkpoint", "string"),
    ("origin", "string"),
    ("destination", "string"),
]


def verify_partitions(trust_json: str, column: str, at):
    """The mapInArrow function: RecordBatches in, the same plus result columns out."""

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:  # noqa: F821
        import pyarrow as pa

        import qrpass

        verifier = qrpass.Verifier(trust_json)
        spark_time = pa.timestamp("us", tz="UTC")  # Spark's TimestampType in Arrow
        for batch in batches:
            result = verifier.verify_arrow(batch.column(column), at)
            columns = [c.cast(spark_time) if pa.types.is_timestamp(c.type) else c
                       for c in result.columns]
            yield pa.RecordBatch.from_arrays(batch.columns + columns,
                                             names=batch.schema.names + result.schema.names)

    return run


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="CSV or Parquet file (or directory) of payloads")
    parser.add_argument("--trust", type=Path, required=True, help="trust file (JSON)")
    parser.add_argument("--column", default="token")
    parser.add_argument("--out", required=True, help="output directory (Parquet)")
    parser.add_argument("--at", help="verify as of this RFC 3339 time (default now)")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    args = parser.parse_args(argv)

    # Local mode: run the Python workers with this interpreter (its venv has qrpass).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType, TimestampType

    spark = (
        SparkSession.builder.master(args.master)
        .appName("qrpass-validate")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        reader = spark.read
        if args.input.endswith(".csv"):
            frame = reader.option("header", True).csv(args.input)
        else:
            frame = reader.parquet(args.input)
        types = {"string": StringType(), "timestamp": TimestampType()}
        schema = StructType(
            list(frame.schema.fields) + [StructField(n, types[t], True) for n, t in RESULT_FIELDS]
        )
        trust_json = args.trust.read_text(encoding="utf-8")
        results = frame.mapInArrow(verify_partitions(trust_json, args.column, args.at), schema)
        results.write.mode("overwrite").parquet(args.out)
        counts = (
            spark.read.parquet(args.out)
            .fillna({"code": "valid"})
            .groupBy("code")
            .count()
            .orderBy("count", ascending=False)
            .collect()
        )
        total = sum(row["count"] for row in counts)
        print(f"{total} payloads verified -> {args.out}")
        for row in counts:
            print(f"  {row['code']:<24}{row['count']:>10}")
        return 0 if all(row["code"] == "valid" for row in counts) else 1
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
