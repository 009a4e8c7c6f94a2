#!/usr/bin/env bash
# Builds QrpassFFI.xcframework (next to Package.swift) from qrpass-mobile:
# static libraries for iOS devices (arm64), the iOS simulator (arm64 + x86_64)
# and macOS (arm64 + x86_64, for `swift test`), each with the generated C header
# and module map of QrpassFFI/. Needs macOS with Xcode (xcodebuild, lipo) and
# rustup; it has never run on the Linux machine qrpass is developed on.
#   bash bindings-mobile/swift/build-xcframework.sh && (cd bindings-mobile/swift && swift test)
set -euo pipefail
swift_dir=$(cd "$(dirname "$0")" && pwd)
cd "$swift_dir/../.."
if [[ $(uname) != Darwin ]] || ! command -v xcodebuild >/dev/null; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild, lipo)" >&2
  exit 1
fi
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
export IPHONEOS_DEPLOYMENT_TARGET=13.0 MACOSX_DEPLOYMENT_TARGET=11.0
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${targets[@]}"
for t in "${targets[@]}"; do
  cargo build --locked --release -p qrpass-mobile --target "$t"
done
lib() { echo "$target_dir/$1/release/libqrpass_mobile.a"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/headers" "$work/ios-simulator" "$work/macos"
cp "$swift_dir/QrpassFFI/QrpassFFI.h" "$swift_dir/QrpassFFI/module.modulemap" "$work/headers/"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/ios-simulator/libqrpass_mobile.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$work/macos/libqrpass_mobile.a"

rm -rf "$swift_dir/QrpassFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$work/headers" \
  -library "$work/ios-simulator/libqrpass_mobile.a" -headers "$work/headers" \
  -library "$work/macos/libqrpass_mobile.a" -headers "$work/headers" \
  -output "$swift_dir/QrpassFFI.xcframework"
echo "built $swift_dir/QrpassFFI.xcframework"
