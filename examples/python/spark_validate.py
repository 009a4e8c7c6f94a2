#!/usr/bin/env python3
"""Verify qrpass payloads with PySpark, for when a data team outgrows one machine.

    python examples/python/spark_validate.py --trust trust.json \\
        payloads.parquet --column token --out results/ [--at ...] [--master local[*]]

Reads CSV (with a header) or Parquet, adds ``outcome, code, kind, issuer, iat,
exp, cti`` with ``mapInPandas`` (each executor builds one ``qrpass.Verifier``
per partition from the broadcast trust file and verifies each Arrow batch on
every core), writes Parquet to ``--out`` and prints the count per outcome code.
Each executor needs the ``qrpass`` wheel installed; the driver needs pyspark,
pandas and pyarrow.
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
    ("iat", "long"),
    ("exp", "long"),
    ("cti", "string"),
]


def verify_partitions(trust_json: str, column: str, at):
    """The mapInPandas function: DataFrames in, the same plus result columns out."""

    def run(batches: Iterator["pandas.DataFrame"]) -> Iterator["pandas.DataFrame"]:  # noqa: F821
        import pandas as pd

        import qrpass

        verifier = qrpass.Verifier(trust_json)
        for batch in batches:
            texts = [t.strip() if isinstance(t, str) else "" for t in batch[column].tolist()]
            columns = verifier.verify_columns(texts, at)
            out = batch.copy()
            for name, kind in RESULT_FIELDS:
                values = columns[name]
                out[name] = pd.array(values, dtype="Int64" if kind == "long" else "string")
            yield out

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
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master(args.master)
        .appName("qrpass-validate")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        reader = spark.read
        if args.input.endswith(".csv"):
            frame = reader.option("header", True).csv(args.input)
        else:
            frame = reader.parquet(args.input)
        types = {"string": StringType(), "long": LongType()}
        schema = StructType(
            list(frame.schema.fields) + [StructField(n, types[t], True) for n, t in RESULT_FIELDS]
        )
        trust_json = args.trust.read_text(encoding="utf-8")
        results = frame.mapInPandas(verify_partitions(trust_json, args.column, args.at), schema)
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
