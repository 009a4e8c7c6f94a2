// swift-tools-version:5.9
// qrpass for iOS and macOS: the uniffi-generated Swift API (Sources/Qrpass) over
// the Rust library packed as QrpassFFI.xcframework by build-xcframework.sh
// (macOS with Xcode; the XCFramework is built, not committed).
import PackageDescription

let package = Package(
    name: "Qrpass",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Qrpass", targets: ["Qrpass"]),
    ],
    targets: [
        .binaryTarget(name: "QrpassFFI", path: "QrpassFFI.xcframework"),
        .target(name: "Qrpass", dependencies: ["QrpassFFI"], path: "Sources/Qrpass"),
        .testTarget(name: "QrpassTests", dependencies: ["Qrpass"], path: "Tests/QrpassTests"),
    ]
)
