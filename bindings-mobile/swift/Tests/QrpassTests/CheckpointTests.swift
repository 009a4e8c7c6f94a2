import Foundation
import XCTest
@testable import Qrpass

/// The checkpoint vectors (spec/TRUST.md §9.9) through the Swift binding.
/// Syntax-checked only on this machine; run with `swift test` on a Mac.
extension QrpassTests {
    func policyRef(_ id: String?, _ sequence: UInt64?) -> [String: Any] {
        ["id": id ?? NSNull(), "sequence": sequence.map { Int($0) } ?? NSNull(), "signed": sequence != nil]
    }

    func rejected(_ error: QrpassError, _ same: Bool) -> [String: Any] {
        ["outcome": "rejected", "code": error.code, "state_unchanged": same]
    }

    func testEveryCheckpointVector() throws {
        for name in try names("checkpoint_vectors") {
            let v = try read("\(name).json")
            var cp = try Checkpoint(
                rootPublicKey: bytes(hex: try XCTUnwrap(v["root_public_key"] as? String)),
                checkpointId: try XCTUnwrap(v["checkpoint_id"] as? String),
                areaCode: v["area"] as? String)
            for (i, step) in try XCTUnwrap(v["steps"] as? [[String: Any]]).enumerated() {
                var got: [String: Any]? = nil
                if let offer = step["offer"] {
                    let before = try cp.save()
                    do {
                        let o = try cp.offer(file: try file(offer))
                        var j: [String: Any] = ["kind": o.kind, "outcome": o.outcome, "sequence": o.sequence]
                        if let id = o.id { j["id"] = id }
                        got = j
                    } catch let error as QrpassError {
                        got = rejected(error, try cp.save() == before)
                    }
                } else if let text = step["check"] as? String {
                    let d = try cp.check(text: text, atUnixSeconds: try seconds(step["at"]))
                    got = ["outcome": d.outcome, "codes": d.reasons.map { $0.code }, "policy": policyRef(d.policyId, d.policySequence)]
                } else if let at = step["status"] {
                    let s = try XCTUnwrap(try parsed(try cp.status(atUnixSeconds: try seconds(at)).json) as? [String: Any])
                    let artifacts = try XCTUnwrap(s["artifacts"] as? [[String: Any]])
                    got = [
                        "states": artifacts.map { [$0["kind"] ?? NSNull(), $0["id"] ?? NSNull(), $0["state"] ?? NSNull()] },
                        "next_refresh_at": s["next_refresh_at"] ?? NSNull(),
                        "clock_behind": s["clock_behind"] ?? NSNull(),
                        "clock_suspect": s["clock_suspect"] ?? NSNull(),
                        "policy_in_force": s["policy_in_force"] ?? NSNull(),
                    ]
                } else if step.keys.contains("set_area") {
                    try cp.setArea(areaCode: step["set_area"] as? String)
                } else if let hint = step["time_hint"] as? [String] {
                    try cp.setTimeHint(trustedUnixSeconds: try seconds(hint[0]), deviceUnixSeconds: try seconds(hint[1]))
                } else if step["save_restore"] != nil {
                    let saved = try cp.save()
                    cp = try Checkpoint.restore(saved: saved)
                    got = ["same_bytes": try cp.save() == saved]
                } else {
                    let before = try cp.save()
                    do {
                        _ = try Checkpoint.restore(saved: try file(step["restore"]))
                        got = ["outcome": "restored"]
                    } catch let error as QrpassError {
                        got = rejected(error, try cp.save() == before)
                    }
                }
                if let got = got {
                    XCTAssertTrue((got as NSDictionary).isEqual(step["expected"]), "\(name) step \(i): \(got)")
                }
            }
            let tally = try XCTUnwrap(try parsed(try cp.tallyJson()) as? [String: Any])
            let final = try XCTUnwrap(v["final"] as? [String: Any])
            XCTAssertEqual(tally["total"] as? Int, final["tally_total"] as? Int, name)
        }
    }
}
