#!/usr/bin/env bash
# Redemption ledger benchmarks (issue 19), reported in README "Redemption ledger".
# Usage: bash benches/ledger.sh [DISK_N] [PG_N]
#   - SQLite, all 547,748 C06 cases one by one, synchronous=FULL, on a RAM-backed
#     directory (/dev/shm: fsync is nearly free, so this is the CPU cost) and DISK_N
#     (default 50,000) on the real disk (fsync-bound: the latency a payout point sees);
#   - PostgreSQL on loopback (a throwaway server, scripts/pg-server.sh), PG_N redemptions;
#   - importing two point files of 250,000 entries with 1,000 double payments, into both
#     (and into SQLite once more checking the chain and file signatures only).
set -euo pipefail
cd "$(dirname "$0")/.."
disk_n=${1:-50000}
pg_n=${2:-30000}
cargo build -q --release --locked -p qrpass-benches --example ledger_bench
bench=${CARGO_TARGET_DIR:-target}/release/examples/ledger_bench
shm=$(mktemp -d /dev/shm/qrpass-ledger-bench.XXXXXX)
disk=$(mktemp -d /var/tmp/qrpass-ledger-bench.XXXXXX)
# shellcheck source=scripts/pg-server.sh
source scripts/pg-server.sh
trap 'pg_server_stop; rm -rf "$shm" "$disk"' EXIT
echo "machine: $(nproc) cores, shared with other builds; $(uname -r)"
"$bench" sqlite 547748 "$shm"
"$bench" sqlite "$disk_n" "$disk"
"$bench" pg "$QRPASS_TEST_PG_URL" "$pg_n"
"$bench" import 250000 1000 "$disk"
LEDGER_BENCH_CHAIN_ONLY=1 "$bench" import 250000 1000 "$disk"
"$bench" import 250000 1000 "$QRPASS_TEST_PG_URL"
