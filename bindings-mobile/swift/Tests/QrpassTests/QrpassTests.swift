// The Swift binding against the shared vectors (spec/vectors) and its error
// paths. Runs on macOS with `swift test` after build-xcframework.sh (it needs the
// macOS slice of QrpassFFI.xcframework). Never compiled on the Linux
// development machine, which has no Swift toolchain.
import Foundation
import XCTest

import Qrpass

final class QrpassTests: XCTestCase {
    /// The repository root: this file is bindings-mobile/swift/Tests/QrpassTests/.
    static let repo: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        return url
    }()

    func read(_ name: String) throws -> [String: Any] {
        let url = Self.repo.appendingPathComponent("spec/vectors/\(name)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try XCTUnwrap(object as? [String: Any], name)
    }

    func names(_ key: String) throws -> [String] {
        try XCTUnwrap(read("index.json")[key] as? [String], key)
    }

    /// A JSON value parsed from text, comparable with `isEqual`.
    func parsed(_ text: String) throws -> NSObject {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject)
    }

    func seconds(_ rfc3339: Any?) throws -> Int64 {
        let text = try XCTUnwrap(rfc3339 as? String)
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: text), text)
        return Int64(date.timeIntervalSince1970)
    }

    func bytes(hex: String) -> Data {
        var data = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            data.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return data
    }

    /// A vector's file: `{"hex": ...}` or `{"text": ...}`.
    func file(_ value: Any?) throws -> Data {
        let f = try XCTUnwrap(value as? [String: Any])
        if let hex = f["hex"] as? String { return bytes(hex: hex) }
        return Data(try XCTUnwrap(f["text"] as? String).utf8)
    }

    func trustJSON(_ value: Any?) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: try XCTUnwrap(value)), as: UTF8.self)
    }

    /// The stable code of a thrown error (fails the test for anything else).
    func code(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            XCTFail("no error thrown")
            return nil
        } catch let error as QrpassError {
            return error.code
        } catch {
            XCTFail("not a QrpassError: \(error)")
            return nil
        }
    }

    func testErrorCodesMatchTheIndex() throws {
        XCTAssertEqual(errorCodes(), try names("error_codes"))
    }

    func testEveryCodeThrowsTheVariantOfItsFamilyInTheIndex() throws {
        let index = try read("index.json")
        let families = try XCTUnwrap(index["families"] as? [String: String])
        let codeFamilies = try XCTUnwrap(index["code_families"] as? [String: String])
        for c in try names("error_codes") {
            XCTAssertThrowsError(try throwForCode(code: c)) { error in
                let exception = families[codeFamilies[c] ?? ""] ?? ""
                switch (exception, error) {
                case ("FormatError", QrpassError.Format), ("SignatureError", QrpassError.Signature),
                     ("TrustError", QrpassError.Trust), ("TimeError", QrpassError.Time),
                     ("Error", QrpassError.Other):
                    XCTAssertEqual((error as? QrpassError)?.code, c)
                default:
                    XCTFail("\(c): \(error) is not \(exception)")
                }
            }
        }
        XCTAssertEqual(code { try throwForCode(code: "no_such_code") }, "invalid_argument")
    }

    func testEveryTokenVector() throws {
        for name in try names("vectors") {
            let v = try read("\(name).json")
            let verifier = try Verifier(
                trustJson: try trustJSON(v["trust"]),
                clockSkewSeconds: Int64(try XCTUnwrap(v["clock_skew_seconds"] as? Int)),
                revokedCtis: try XCTUnwrap(v["revoked_ctis"] as? [String]))
            let expected = try XCTUnwrap(v["expected"] as? [String: Any])
            let at = try seconds(v["at"])
            let text = try XCTUnwrap(v["text"] as? String)
            let outcome = try XCTUnwrap(expected["outcome"] as? String)
            if outcome == "valid" {
                let verified = try verifier.verify(text: text, atUnixSeconds: at)
                XCTAssertTrue(try parsed(verified.json).isEqual(expected["verified"]), name)
            } else {
                XCTAssertEqual(code { try verifier.verify(text: text, atUnixSeconds: at) }, expected["code"] as? String, name)
            }
            XCTAssertEqual(verifier.verifyMany(texts: [text], atUnixSeconds: at).first?.outcome, outcome, name)
        }
    }

    func testEveryTrustVector() throws {
        for name in try names("trust_vectors") {
            let v = try read("\(name).json")
            let anchor = try TrustAnchor(
                rootPublicKey: bytes(hex: try XCTUnwrap(v["root_public_key"] as? String)),
                minSequence: UInt64(try XCTUnwrap(v["min_sequence"] as? Int)),
                minRevocationSequence: UInt64(try XCTUnwrap(v["min_revocation_sequence"] as? Int)))
            let skew = Int64(try XCTUnwrap(v["clock_skew_seconds"] as? Int))
            for (i, stepValue) in try XCTUnwrap(v["steps"] as? [[String: Any]]).enumerated() {
                var got: [String: Any] = [:]
                if let load = stepValue["load"] as? String {
                    do {
                        let f = try file(stepValue["file"])
                        let o = load == "trust_list" ? try anchor.loadTrustList(file: f) : try anchor.loadRevocationList(file: f)
                        got = ["outcome": o.outcome, "sequence": o.sequence]
                    } catch let error as QrpassError {
                        got = ["outcome": "rejected", "code": error.code]
                    }
                } else {
                    do {
                        let verified = try anchor.verifier(clockSkewSeconds: skew)
                            .verify(text: try XCTUnwrap(stepValue["verify"] as? String), atUnixSeconds: try seconds(stepValue["at"]))
                        let trust = (try parsed(verified.json) as? [String: Any])?["trust"] as? [String: Any] ?? [:]
                        let tl = trust["trust_list"] as? [String: Any]
                        let rl = trust["revocation_list"] as? [String: Any]
                        got = [
                            "outcome": "valid",
                            "trust_list_sequence": tl?["sequence"] ?? NSNull(),
                            "trust_list_stale": tl?["stale"] ?? false,
                            "revocation_list_sequence": rl?["sequence"] ?? NSNull(),
                            "revocation_list_stale": rl?["stale"] ?? false,
                        ]
                    } catch let error as QrpassError {
                        got = ["outcome": "invalid", "code": error.code]
                    }
                }
                XCTAssertTrue((got as NSDictionary).isEqual(stepValue["expected"]), "\(name) step \(i): \(got)")
            }
            let final = try XCTUnwrap(v["final"] as? [String: Any])
            let root = try anchor.rootPublicKey().map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(root, final["root_public_key"] as? String, name)
            XCTAssertEqual(try anchor.trustSequence().map { Int($0) }, final["trust_list_sequence"] as? Int, name)
            XCTAssertEqual(try anchor.revocationSequence().map { Int($0) }, final["revocation_list_sequence"] as? Int, name)
        }
    }

    func testEveryPolicyVector() throws {
        for name in try names("policy_vectors") {
            let v = try read("\(name).json")
            let anchor = try TrustAnchor(
                rootPublicKey: bytes(hex: try XCTUnwrap(v["root_public_key"] as? String)), minSequence: 0, minRevocationSequence: 0)
            _ = try anchor.loadTrustList(file: try file(v["trust_list"]))
            if !(v["revocation_list"] is NSNull) {
                _ = try anchor.loadRevocationList(file: try file(v["revocation_list"]))
            }
            let verifier = try anchor.verifier(clockSkewSeconds: Int64(try XCTUnwrap(v["clock_skew_seconds"] as? Int)))
            let policy = try Policy(text: try trustJSON(v["policy"]))
            let card = try (v["id_card"] as? String).map { try IdCard.parse(text: $0) }
            let decision = try policy.check(
                verifier: verifier, text: try XCTUnwrap(v["text"] as? String),
                area: v["area"] as? String, atUnixSeconds: try seconds(v["at"]), idCard: card)
            let expected = try XCTUnwrap(v["expected"] as? [String: Any])
            XCTAssertEqual(decision.outcome, expected["decision"] as? String, name)
            XCTAssertEqual(decision.reasons.map(\.code), expected["reasons"] as? [String], name)
            XCTAssertTrue(try parsed(decision.view.json).isEqual(expected["view"]), name)
        }
    }

    func testEveryIdCardVector() throws {
        for name in try names("id_card_vectors") {
            let v = try read("\(name).json")
            let text = try XCTUnwrap(v["text"] as? String)
            let expected = try XCTUnwrap(v["expected"] as? [String: Any])
            if let code = expected["error"] as? String {
                XCTAssertThrowsError(try IdCard.parse(text: text), name) { error in
                    guard case QrpassError.Format(let got, _) = error else { return XCTFail("\(name): \(error)") }
                    XCTAssertEqual(got, code, name)
                }
            } else {
                let card = try IdCard.parse(text: text)
                XCTAssertTrue(try parsed(card.toJson()).isEqual(expected["card"]), name)
            }
        }
    }

    func testIdCardClassifyBindAndCheck() throws {
        let text = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021"
        let card = try IdCard.parse(text: text)
        XCTAssertEqual(classify(text: text), "id_card")
        XCTAssertFalse(card.maskedJson().contains("MARKER"))
        let v = try read("permit_typical.json")
        let verifier = try Verifier(trustJson: try trustJSON(v["trust"]), clockSkewSeconds: 300, revokedCtis: [])
        let verified = try verifier.verify(text: try XCTUnwrap(v["text"] as? String), atUnixSeconds: try seconds(v["at"]))
        XCTAssertEqual(try bind(verified: verified, card: card).summary, "match")
        let policy = try Policy(text: #"{"accept": ["permit"], "permit": {"area": "allow"}, "holder": {"require_card": ["permit"]}}"#)
        let decision = try policy.check(
            verifier: verifier, text: try XCTUnwrap(v["text"] as? String), area: nil,
            atUnixSeconds: try seconds(v["at"]), idCard: card)
        XCTAssertEqual(decision.view.holder?.result, "match")
        XCTAssertFalse(decision.view.json.contains("MARKER"))
    }

    func testPassRecordsCarryTheModel() throws {
        let v = try read("permit_typical.json")
        let verified = try Verifier(trustJson: try trustJSON(v["trust"]), clockSkewSeconds: 300, revokedCtis: [])
            .verify(text: try XCTUnwrap(v["text"] as? String), atUnixSeconds: try seconds(v["at"]))
        guard case let .permit(permit) = verified.pass else { return XCTFail("not a permit: \(verified.pass)") }
        XCTAssertEqual(permit.holder.name, "Nguyễn Văn An")
        XCTAssertEqual(permit.holder.id.kind, "cccd")
        XCTAssertEqual(verified.kind, "permit")
        XCTAssertGreaterThan(permit.validity.until, permit.validity.from)
    }

    func testErrorsCarryCodesAndFamilies() throws {
        let v = try read("permit_typical.json")
        let trust = try trustJSON(v["trust"])
        XCTAssertEqual(code { try Verifier(trustJson: "{", clockSkewSeconds: 300, revokedCtis: []) }, "bad_trust_list")
        XCTAssertEqual(code { try Verifier(trustJson: trust, clockSkewSeconds: 300, revokedCtis: ["xyz"]) }, "invalid_argument")
        XCTAssertEqual(code { try Verifier(trustJson: trust, clockSkewSeconds: 300, revokedCtis: [""]) }, "invalid_cti")
        let verifier = try Verifier(trustJson: trust, clockSkewSeconds: 300, revokedCtis: [])
        XCTAssertThrowsError(try verifier.verify(text: "VN1:%%", atUnixSeconds: nil)) { error in
            guard case QrpassError.Format = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try verifier.verify(text: try XCTUnwrap(v["text"] as? String), atUnixSeconds: nil)) { error in
            guard case QrpassError.Time = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(code { try TrustAnchor(rootPublicKey: Data(count: 3), minSequence: 0, minRevocationSequence: 0) }, "bad_key")
        XCTAssertEqual(code { try Policy(text: "{") }, "bad_policy")
        XCTAssertEqual(code { try Issuer(privateKeyPem: "not a key", issuerId: "VN-SG") }, "bad_key")
        XCTAssertEqual(code { try inspectJson(text: "VN1:%%") }, "bad_base45")
    }

    func testBadFramesThrowCodes() {
        XCTAssertEqual(code { try scanLuma(width: 0, height: 0, rowStride: 0, bytes: Data()) }, "bad_image")
        XCTAssertEqual(code { try scanLuma(width: 100, height: 100, rowStride: 50, bytes: Data(count: 10000)) }, "bad_image")
        XCTAssertEqual(code { try scanLuma(width: .max, height: .max, rowStride: .max, bytes: Data(count: 1)) }, "image_too_large")
        XCTAssertEqual(code { try scanLuma(width: 64, height: 64, rowStride: 64, bytes: Data(repeating: 255, count: 64 * 64)) }, "no_qr_found")
        XCTAssertEqual(code { try scanImage(bytes: Data()) }, "empty_input")
    }

    func testRenderThenScanRoundTrips() throws {
        let text = try XCTUnwrap(try read("permit_typical.json")["text"] as? String)
        XCTAssertEqual(try scanImage(bytes: try renderPng(text: text)), [text])
    }

    func testOneVerifierAcrossThreads() throws {
        let v = try read("permit_typical.json")
        let verifier = try Verifier(trustJson: try trustJSON(v["trust"]), clockSkewSeconds: 300, revokedCtis: [])
        let text = try XCTUnwrap(v["text"] as? String)
        let at = try seconds(v["at"])
        let cti = try verifier.verify(text: text, atUnixSeconds: at).cti
        let ok = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { ok.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            ok[t] = (0..<100).filter { _ in (try? verifier.verify(text: text, atUnixSeconds: at).cti) == cti }.count
        }
        XCTAssertEqual((0..<8).map { ok[$0] }.reduce(0, +), 800)
    }
}
