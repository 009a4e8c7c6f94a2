#!/usr/bin/env bash
# Instructions per call of verify, raw verify_strict and inspect on a typical
# permit, counted by callgrind (valgrind): repeatable whatever the load, unlike
# wall time on a shared 2-core machine. Each figure is (N calls − 0 calls) / N.
#   bash benches/callgrind.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
cargo build -q --locked --profile bench -p qrpass-benches --example verify_loop
bin=${CARGO_TARGET_DIR:-target}/release/examples/verify_loop
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 | sed -n 's/.*Collected : //p'; }
declare -A per
for mode in verify raw inspect; do
  per[$mode]=$(( ($(count "$n" "$mode") - $(count 0 "$mode")) / n ))
  printf '%-8s %9d instructions per call\n' "$mode" "${per[$mode]}"
done
awk -v v="${per[verify]}" -v r="${per[raw]}" 'BEGIN { printf "verify / raw verify_strict = %.3f\n", v / r }'
