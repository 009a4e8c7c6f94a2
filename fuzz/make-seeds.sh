#!/usr/bin/env bash
# Builds the seed corpora of every fuzz target into fuzz/corpus/<target>/ (not
# committed: fuzz/.gitignore). Re-run after spec/vectors or the formats change.
# Usage: bash fuzz/make-seeds.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-$PWD/corpus}
cargo +nightly run -q --release --example make_seeds -- "$out"
