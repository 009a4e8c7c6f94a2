#!/usr/bin/env bash
# Fuzz smoke test: every cargo-fuzz target for FUZZ_SMOKE_SECONDS (default 30)
# seconds, one after the other, from the seed corpora. Fails if any target
# crashes, times out or exceeds its memory limit. Not part of scripts/test-all.sh:
# it needs the nightly toolchain and cargo-fuzz, and takes ~7 minutes with a
# warm build (13 targets × 30 s) plus the fuzz build (~3 min incremental, ~15
# min cold on a 2-core machine). See FUZZING.md.
#
# Usage: bash scripts/fuzz-smoke.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz-smoke: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke: cargo-fuzz is needed (cargo install cargo-fuzz)" >&2
  exit 2
fi

if [[ ! -d corpus ]] || [[ -z "$(ls -A corpus 2>/dev/null)" ]]; then
  echo "== seed corpora (fuzz/make-seeds.sh)"
  bash make-seeds.sh
fi
echo "== cargo +nightly fuzz build"
cargo +nightly fuzz build

rm -rf logs/smoke
FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-30} FUZZ_LOGS=logs/smoke bash campaign.sh "$@"
echo "== fuzz smoke passed: fuzz/logs/smoke/summary.tsv"
