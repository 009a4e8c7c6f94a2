// The payout app's Ledger in Swift: the support vector paid once, refusals with
// their codes, a signed export. Like QrpassTests, runs on macOS with `swift test`
// after build-xcframework.sh; here it is only syntax-checked.
import Foundation
import XCTest

import Qrpass

final class LedgerTests: XCTestCase {
    /// A throwaway Ed25519 test key (PKCS#8 PEM) for the payout point.
    static let pointKey = """
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOTSOdiu3n9x1fS+TMjVObwtNNMJPscLJUGYnNc56c3i
-----END PRIVATE KEY-----
"""

    func vector() throws -> [String: Any] {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        let file = url.appendingPathComponent("spec/vectors/support_entitlement_typical.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        return try XCTUnwrap(object as? [String: Any])
    }

    func newLedger() throws -> Ledger {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try Ledger.open(path: dir.appendingPathComponent("point.db").path, create: true)
    }

    func testPaysOnceThenRefusesTheSecondPayment() throws {
        let v = try vector()
        let trust = String(decoding: try JSONSerialization.data(withJSONObject: try XCTUnwrap(v["trust"])), as: UTF8.self)
        let verifier = try Verifier(trustJson: trust, clockSkewSeconds: 300, revokedCtis: [])
        let token = try XCTUnwrap(v["text"] as? String).trimmingCharacters(in: .newlines)
        let at = Int64(try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(v["at"] as? String))).timeIntervalSince1970)
        let pass = try XCTUnwrap((v["input"] as? [String: Any])?["pass"] as? [String: Any])
        let amount = try XCTUnwrap(pass["amount_vnd"] as? Int64)
        let ledger = try newLedger()
        let first = try ledger.redeem(verifier: verifier, token: token, pointId: "PT-SW-1", pointKeyPem: Self.pointKey, amountVnd: amount, atUnixSeconds: at)
        XCTAssertFalse(first.alreadyRedeemed)
        let second = try ledger.redeem(verifier: verifier, token: token, pointId: "PT-SW-2", pointKeyPem: Self.pointKey, amountVnd: amount, atUnixSeconds: at + 60)
        XCTAssertTrue(second.alreadyRedeemed)
        XCTAssertEqual(second.point, "PT-SW-1")
        XCTAssertEqual(try ledger.count(), 1)
        do {
            _ = try ledger.redeem(verifier: verifier, token: token, pointId: "PT-SW-1", pointKeyPem: Self.pointKey, amountVnd: amount - 1, atUnixSeconds: at)
            XCTFail("a partial payout was accepted")
        } catch let error as QrpassError {
            XCTAssertEqual(error.code, "amount_mismatch")
        }
        let export = String(decoding: try ledger.export(pointId: "PT-SW-1", pointKeyPem: Self.pointKey, since: 0), as: UTF8.self)
        XCTAssertTrue(export.hasPrefix("{\"format\":\"qrpass-ledger-export/1\""))
    }
}
