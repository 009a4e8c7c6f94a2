#!/usr/bin/env bash
# Generates the Kotlin and Swift sources of qrpass-mobile with uniffi-bindgen
# (library mode, from the built library; never edit the output by hand):
#   bindings-mobile/kotlin/src/main/kotlin/vn/qrpass/qrpass_mobile.kt
#   bindings-mobile/swift/Sources/Qrpass/Qrpass.swift
#   bindings-mobile/swift/QrpassFFI/QrpassFFI.h, module.modulemap (the C interface
#     that build-xcframework.sh packs with the static libraries)
# With --check, generates into a temporary folder and fails if the committed
# sources differ (the test command runs this: there is no Swift toolchain here).
set -euo pipefail
cd "$(dirname "$0")/../bindings-mobile"
check=${1:-}
target_dir=${CARGO_TARGET_DIR:-$PWD/../target}
cargo build -q --locked -p qrpass-mobile
lib="$target_dir/debug/libqrpass_mobile.so"
out=$PWD
if [[ $check == --check ]]; then
  out=$(mktemp -d)
fi
bindgen() { cargo run -q --locked -p uniffi-bindgen -- generate --no-format --library "$lib" "$@"; }
bindgen --language kotlin --out-dir "$out/kotlin/src/main/kotlin"
bindgen --language swift --out-dir "$out/swift/generated"
mkdir -p "$out/swift/Sources/Qrpass" "$out/swift/QrpassFFI"
mv "$out/swift/generated/Qrpass.swift" "$out/swift/Sources/Qrpass/Qrpass.swift"
mv "$out/swift/generated/QrpassFFI.h" "$out/swift/QrpassFFI/QrpassFFI.h"
mv "$out/swift/generated/QrpassFFI.modulemap" "$out/swift/QrpassFFI/module.modulemap"
rm -rf "$out/swift/generated"
if [[ $check == --check ]]; then
  status=0
  for f in kotlin/src/main/kotlin/vn/qrpass/qrpass_mobile.kt swift/Sources/Qrpass/Qrpass.swift \
    swift/QrpassFFI/QrpassFFI.h swift/QrpassFFI/module.modulemap; do
    cmp -s "$f" "$out/$f" || { echo "stale generated source bindings-mobile/$f: run bash scripts/gen-mobile-bindings.sh" >&2; status=1; }
  done
  rm -rf "$out"
  exit $status
fi
echo "generated Kotlin and Swift sources in bindings-mobile/"
