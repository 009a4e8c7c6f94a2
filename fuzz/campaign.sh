#!/usr/bin/env bash
# Runs fuzz targets one after the other, each as ONE libFuzzer job (-jobs=1) for
# FUZZ_SECONDS (default 900 = 15 minutes), and appends a line per target to
# fuzz/logs/summary.tsv: target, seconds, executions, cov, ft, corpus size,
# crash artifacts. Uses the binaries of `cargo +nightly fuzz build` (run it
# first), so a change elsewhere in the tree does not rebuild mid-campaign.
#
#   bash fuzz/make-seeds.sh                       # seed corpora into fuzz/corpus/
#   cargo +nightly fuzz build                     # from fuzz/ or the repository root
#   nohup bash fuzz/campaign.sh > fuzz/logs/campaign.out 2>&1 &
#   FUZZ_SECONDS=30 bash fuzz/campaign.sh verify_text inspect   # some targets, shorter
#
# libFuzzer writes each job's output to fuzz/logs/<target>/fuzz-0.log (this
# script keeps the parent's echo of it in parent.log). FUZZ_LOGS=<dir> (under
# fuzz/) puts the logs and summary.tsv elsewhere: scripts/fuzz-smoke.sh uses
# logs/smoke. Exit status 1 when any target found something.
set -uo pipefail
cd "$(dirname "$0")"
secs=${FUZZ_SECONDS:-900}
logs=${FUZZ_LOGS:-logs}
bin=target/x86_64-unknown-linux-gnu/release
all="verify_text inspect verify_cose verify_signed cose_parse trust_store_json trust_list trust_list_payload revocation_list revocation_payload policy idcard_parse scan_image scan_luma scanner checkpoint_offer checkpoint_restore dcc_decode dcc_verify"
targets=${*:-$all}

# Per-target limits: input size, per-input timeout (s), and the largest single
# allocation (MB) before libFuzzer reports an out-of-memory crash. Token inputs
# are at most a few kB, so any allocation above 64 MB is a finding.
options() {
  case $1 in
    verify_text|inspect|verify_cose|cose_parse) echo "-max_len=4096 -timeout=10 -malloc_limit_mb=64" ;;
    verify_signed) echo "-max_len=2048 -timeout=10 -malloc_limit_mb=64" ;;
    trust_store_json|policy) echo "-max_len=16384 -timeout=10 -malloc_limit_mb=128" ;;
    idcard_parse) echo "-max_len=2048 -timeout=10 -malloc_limit_mb=64" ;;
    dcc_decode|dcc_verify) echo "-max_len=8192 -timeout=10 -malloc_limit_mb=64" ;;
    checkpoint_offer|checkpoint_restore) echo "-max_len=65536 -timeout=20 -malloc_limit_mb=256" ;;
    trust_list|trust_list_payload|revocation_list|revocation_payload) echo "-max_len=65536 -timeout=20 -malloc_limit_mb=256" ;;
    scan_image) echo "-max_len=65536 -timeout=60 -rss_limit_mb=2048" ;;
    scan_luma) echo "-max_len=70000 -timeout=60 -rss_limit_mb=2048" ;;
    scanner) echo "-max_len=140000 -timeout=60 -rss_limit_mb=2048" ;;
    *) echo "unknown target $1" >&2; return 1 ;;
  esac
}

mkdir -p "$logs"
status=0
for t in $targets; do
  opts=$(options "$t") || exit 2
  mkdir -p "corpus/$t" "artifacts/$t" "$logs/$t"
  before=$(ls "artifacts/$t" | wc -l)
  echo "== $t: $secs s, $opts"
  # shellcheck disable=SC2086
  here=$PWD
  (cd "$logs/$t" && "$here/$bin/$t" -jobs=1 -max_total_time="$secs" -print_final_stats=1 \
      -artifact_prefix="$here/artifacts/$t/" $opts "$here/corpus/$t" > parent.log 2>&1)
  log="$logs/$t/fuzz-0.log"
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | awk '{print $2}')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | awk '{print $2}')
  corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' <<<"$last" | awk '{print $2}')
  crashes=$(( $(ls "artifacts/$t" | wc -l) - before ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$secs" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes" | tee -a "$logs/summary.tsv"
  if [[ $crashes -gt 0 ]] || grep -qE 'ERROR: libFuzzer|panicked at' "$log"; then
    echo "!! $t: findings in artifacts/$t (see $log)"
    status=1
  fi
done
exit $status
