// A checkpoint in a few lines: scan a QR image file, verify it against a trust
// file, apply a policy, print the decision. Compiled and run by the Kotlin tests
// (bindings-mobile/kotlin); on Android the same calls take the camera's Y plane
// through scanLuma (see docs/mobile.md).
//
//   Checkpoint <image.png|jpg> <trust.json> <policy.json|toml> [area] [unix-seconds]
package vn.qrpass.example

import java.io.File
import vn.qrpass.Policy
import vn.qrpass.QrpassException
import vn.qrpass.Verifier
import vn.qrpass.errorCode
import vn.qrpass.scanImage

fun main(args: Array<String>) {
    if (args.size < 3) {
        System.err.println("usage: Checkpoint <image> <trust.json> <policy> [area] [unix-seconds]")
        kotlin.system.exitProcess(2)
    }
    val texts = try {
        scanImage(File(args[0]).readBytes())
    } catch (e: QrpassException) {
        println("NO CODE: ${e.errorCode}")
        kotlin.system.exitProcess(1)
    }
    val verifier = Verifier(File(args[1]).readText(), 300L, listOf())
    val policy = Policy(File(args[2]).readText())
    val decision = policy.check(verifier, texts.first(), args.getOrNull(3), args.getOrNull(4)?.toLong())
    println(decision.outcome.uppercase())
    decision.view.name?.let { println("name: $it") }
    decision.view.idMasked?.let { println("id: $it") }
    for (reason in decision.reasons) println("- ${reason.code}: ${reason.vi} / ${reason.en}")
}
