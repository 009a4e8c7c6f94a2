package vn.qrpass

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.time.OffsetDateTime
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class QrpassTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private val vectors = File(repo, "spec/vectors")
    private fun read(name: String): JsonObject = JsonParser.parseString(File(vectors, name).readText()).asJsonObject
    private fun seconds(rfc3339: String): Long = OffsetDateTime.parse(rfc3339).toEpochSecond()
    private val index = read("index.json")
    private fun names(key: String) = index.getAsJsonArray(key).map { it.asString }
    private fun file(f: JsonObject): ByteArray =
        if (f.has("hex")) f.get("hex").asString.chunked(2).map { it.toInt(16).toByte() }.toByteArray()
        else f.get("text").asString.toByteArray()
    private fun code(e: QrpassException): String = e.errorCode

    @Test
    fun errorCodesMatchTheIndex() {
        assertEquals(names("error_codes"), errorCodes())
    }

    @Test
    fun everyCodeThrowsTheVariantOfItsFamilyInTheIndex() {
        val families = index.getAsJsonObject("families")
        val codeFamilies = index.getAsJsonObject("code_families")
        for (c in names("error_codes")) {
            val e = assertThrows<QrpassException> { throwForCode(c) }
            val family = codeFamilies.get(c).asString
            val variant = when (families.get(family).asString) {
                "FormatError" -> QrpassException.Format::class
                "SignatureError" -> QrpassException.Signature::class
                "TrustError" -> QrpassException.Trust::class
                "TimeError" -> QrpassException.Time::class
                else -> QrpassException.Other::class
            }
            assertEquals(variant, e::class, c)
            assertEquals(c, code(e))
        }
        assertEquals("invalid_argument", code(assertThrows<QrpassException> { throwForCode("no_such_code") }))
    }

    @Test
    fun everyTokenVector() {
        for (name in names("vectors")) {
            val v = read("$name.json")
            val revoked = v.getAsJsonArray("revoked_ctis").map { it.asString }
            val verifier = Verifier(v.get("trust").toString(), v.get("clock_skew_seconds").asLong, revoked)
            val expected = v.getAsJsonObject("expected")
            val at = seconds(v.get("at").asString)
            val text = v.get("text").asString
            if (expected.get("outcome").asString == "valid") {
                val verified = verifier.verify(text, at)
                assertEquals(expected.get("verified"), JsonParser.parseString(verified.json), name)
                assertEquals(expected.getAsJsonObject("verified").get("cti").asString, verified.cti, name)
            } else {
                val e = assertThrows<QrpassException>(name) { verifier.verify(text, at) }
                assertEquals(expected.get("code").asString, code(e), name)
            }
            val outcome = verifier.verifyMany(listOf(text), at).single()
            assertEquals(expected.get("outcome").asString, outcome.outcome, name)
        }
    }

    @Test
    fun everyTrustVector() {
        for (name in names("trust_vectors")) {
            val v = read("$name.json")
            val root = file(JsonObject().apply { addProperty("hex", v.get("root_public_key").asString) })
            val anchor = TrustAnchor(root, v.get("min_sequence").asLong.toULong(), v.get("min_revocation_sequence").asLong.toULong())
            for ((i, stepElement) in v.getAsJsonArray("steps").withIndex()) {
                val step = stepElement.asJsonObject
                val got = JsonObject()
                if (step.has("load")) {
                    try {
                        val f = file(step.getAsJsonObject("file"))
                        val o = if (step.get("load").asString == "trust_list") anchor.loadTrustList(f) else anchor.loadRevocationList(f)
                        got.addProperty("outcome", o.outcome)
                        got.addProperty("sequence", o.sequence.toLong())
                    } catch (e: QrpassException) {
                        got.addProperty("outcome", "rejected")
                        got.addProperty("code", code(e))
                    }
                } else {
                    try {
                        val verified = anchor.verifier(v.get("clock_skew_seconds").asLong)
                            .verify(step.get("verify").asString, seconds(step.get("at").asString))
                        val trust = JsonParser.parseString(verified.json).asJsonObject.getAsJsonObject("trust") ?: JsonObject()
                        val tl = trust.getAsJsonObject("trust_list")
                        val rl = trust.getAsJsonObject("revocation_list")
                        got.addProperty("outcome", "valid")
                        got.add("trust_list_sequence", tl?.get("sequence") ?: com.google.gson.JsonNull.INSTANCE)
                        got.addProperty("trust_list_stale", tl?.get("stale")?.asBoolean ?: false)
                        got.add("revocation_list_sequence", rl?.get("sequence") ?: com.google.gson.JsonNull.INSTANCE)
                        got.addProperty("revocation_list_stale", rl?.get("stale")?.asBoolean ?: false)
                    } catch (e: QrpassException) {
                        got.addProperty("outcome", "invalid")
                        got.addProperty("code", code(e))
                    }
                }
                assertEquals(step.get("expected"), got, "$name step $i")
            }
            val final = v.getAsJsonObject("final")
            assertEquals(final.get("root_public_key").asString, anchor.rootPublicKey().joinToString("") { "%02x".format(it) }, name)
            assertEquals(final.get("trust_list_sequence").let { if (it.isJsonNull) null else it.asLong.toULong() }, anchor.trustSequence(), name)
            assertEquals(final.get("revocation_list_sequence").let { if (it.isJsonNull) null else it.asLong.toULong() }, anchor.revocationSequence(), name)
        }
    }

    @Test
    fun everyPolicyVector() {
        for (name in names("policy_vectors")) {
            val v = read("$name.json")
            val root = file(JsonObject().apply { addProperty("hex", v.get("root_public_key").asString) })
            val anchor = TrustAnchor(root, 0uL, 0uL)
            anchor.loadTrustList(file(v.getAsJsonObject("trust_list")))
            if (!v.get("revocation_list").isJsonNull) anchor.loadRevocationList(file(v.getAsJsonObject("revocation_list")))
            val verifier = anchor.verifier(v.get("clock_skew_seconds").asLong)
            val area = v.get("area").let { if (it.isJsonNull) null else it.asString }
            val card = v.get("id_card").let { if (it.isJsonNull) null else IdCard.parse(it.asString) }
            val decision = Policy(v.get("policy").toString()).check(verifier, v.get("text").asString, area, seconds(v.get("at").asString), card)
            val expected = v.getAsJsonObject("expected")
            assertEquals(expected.get("decision").asString, decision.outcome, name)
            assertEquals(expected.getAsJsonArray("reasons").map { it.asString }, decision.reasons.map { it.code }, name)
            assertEquals(expected.get("view"), JsonParser.parseString(decision.view.json), name)
        }
    }

    private fun permitVector() = read("permit_typical.json")

    @Test
    fun passRecordsCarryTheModel() {
        val v = permitVector()
        val verified = Verifier(v.get("trust").toString(), 300L, listOf()).verify(v.get("text").asString, seconds(v.get("at").asString))
        val pass = verified.pass as Pass.Permit
        assertEquals("Nguyễn Văn An", pass.permit.holder.name)
        assertEquals("cccd", pass.permit.holder.id.kind)
        assertEquals("permit", verified.kind)
        assertTrue(pass.permit.validity.until > pass.permit.validity.from)
    }

    @Test
    fun errorsAreExceptionsWithCodes() {
        val v = permitVector()
        val trust = v.get("trust").toString()
        assertEquals("bad_trust_list", code(assertThrows<QrpassException> { Verifier("{", 300L, listOf()) }))
        assertEquals("invalid_argument", code(assertThrows<QrpassException> { Verifier(trust, 300L, listOf("xyz")) }))
        assertEquals("invalid_cti", code(assertThrows<QrpassException> { Verifier(trust, 300L, listOf("")) }))
        val verifier = Verifier(trust, 300L, listOf())
        assertTrue(assertThrows<QrpassException> { verifier.verify("VN1:%%", null) } is QrpassException.Format)
        assertTrue(assertThrows<QrpassException> { verifier.verify(v.get("text").asString, null) } is QrpassException.Time)
        assertEquals("bad_key", code(assertThrows<QrpassException> { TrustAnchor(ByteArray(3), 0uL, 0uL) }))
        assertEquals("bad_trust_list", code(assertThrows<QrpassException> { TrustAnchor(ByteArray(32) { 1 }, 0uL, 0uL).verifier(300L) }))
        assertEquals("bad_policy", code(assertThrows<QrpassException> { Policy("{") }))
        assertEquals("bad_key", code(assertThrows<QrpassException> { Issuer("not a key", "VN-SG") }))
        val e = assertThrows<QrpassException> { Policy("{") }
        assertTrue(e.errorDetail.isNotEmpty() && e.message!!.contains("code=bad_policy"), e.message)
        assertEquals("bad_base45", code(assertThrows<QrpassException> { inspectJson("VN1:%%") }))
    }

    @Test
    fun badFramesAreExceptionsNotCrashes() {
        // Empty arrays, wrong strides, huge dimensions: codes, never a JVM crash.
        assertEquals("bad_image", code(assertThrows<QrpassException> { scanLuma(0u, 0u, 0u, ByteArray(0)) }))
        assertEquals("bad_image", code(assertThrows<QrpassException> { scanLuma(100u, 100u, 100u, ByteArray(0)) }))
        assertEquals("invalid_argument", code(assertThrows<QrpassException> { scanLuma(100u, 100u, 50u, ByteArray(10000)) }))
        assertEquals("image_too_large", code(assertThrows<QrpassException> { scanLuma(100000u, 100000u, 100000u, ByteArray(16)) }))
        assertEquals("image_too_large", code(assertThrows<QrpassException> { scanLuma(UInt.MAX_VALUE, UInt.MAX_VALUE, UInt.MAX_VALUE, ByteArray(1)) }))
        assertEquals("no_qr_found", code(assertThrows<QrpassException> { scanLuma(64u, 64u, 64u, ByteArray(64 * 64) { -1 }) }))
        assertEquals("empty_input", code(assertThrows<QrpassException> { scanImage(ByteArray(0)) }))
        assertEquals("bad_image", code(assertThrows<QrpassException> { scanImage(byteArrayOf(0x89.toByte(), 0x50, 0x4e, 0x47, 1)) }))
    }

    /** A camera-like Y plane: the QR code of `text` drawn at `scale` px per module
     *  on a grey background, rows `stride` bytes apart (padding as CameraX gives). */
    private fun frame(text: String, width: Int, height: Int, stride: Int): ByteArray {
        val png = renderPng(text)
        val image = javax.imageio.ImageIO.read(png.inputStream())
        val y = ByteArray(stride * height) { 0x7f }
        val ox = (width - image.width) / 2
        val oy = (height - image.height) / 2
        for (j in 0 until image.height) for (i in 0 until image.width) {
            val rgb = image.getRGB(i, j) and 0xff
            y[(oy + j) * stride + ox + i] = (if (rgb < 128) 20 else 235).toByte()
        }
        return y
    }

    @Test
    fun scansACameraFrameWithRowPadding() {
        val text = permitVector().get("text").asString
        val (w, h, stride) = Triple(640, 640, 704)
        val y = frame(text, w, h, stride)
        assertEquals(listOf(text), scanLuma(w.toUInt(), h.toUInt(), stride.toUInt(), y))
        // CameraX's Y buffer may end right after the last row's pixels, without its padding.
        val short = y.copyOf(stride * (h - 1) + w)
        assertEquals(listOf(text), scanLuma(w.toUInt(), h.toUInt(), stride.toUInt(), short))
        assertEquals("bad_image", code(assertThrows<QrpassException> { scanLuma(w.toUInt(), h.toUInt(), stride.toUInt(), short.copyOf(short.size - 1)) }))
    }

    @Test
    fun oneVerifierSharedAcrossThreads() {
        val v = permitVector()
        val verifier = Verifier(v.get("trust").toString(), 300L, listOf())
        val text = v.get("text").asString
        val at = seconds(v.get("at").asString)
        val expectedCti = verifier.verify(text, at).cti
        val pool = Executors.newFixedThreadPool(8)
        val futures = (0 until 8).map { t ->
            pool.submit<Int> {
                var ok = 0
                repeat(200) { i ->
                    if ((t + i) % 2 == 0) {
                        if (verifier.verify(text, at).cti == expectedCti) ok++
                    } else {
                        val r = verifier.verifyMany(listOf(text, "bad"), at)
                        if (r[0].verified?.cti == expectedCti && r[1].code == "bad_prefix") ok++
                    }
                }
                ok
            }
        }
        assertEquals(8 * 200, futures.sumOf { it.get(60, TimeUnit.SECONDS) })
        pool.shutdown()
    }

    @Test
    fun checkpointExampleRuns() {
        // Sign a permit valid now with a fresh key, render it, run the example on it.
        val dir = kotlin.io.path.createTempDirectory("qrpass-kotlin").toFile()
        val keygen = ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519").redirectErrorStream(true).start()
        val pem = keygen.inputStream.readBytes().decodeToString()
        assertEquals(0, keygen.waitFor())
        val issuer = Issuer(pem, "VN-SG")
        val now = System.currentTimeMillis() / 1000
        val permit = File(repo, "spec/examples/permit.json").readText()
            .replace("2021-09-01T00:00:00+07:00", java.time.Instant.ofEpochSecond(now - 86400).toString())
            .replace("2021-09-15T23:59:59+07:00", java.time.Instant.ofEpochSecond(now + 86400).toString())
        val token = issuer.issueJson(permit)
        File(dir, "pass.png").writeBytes(renderPng(token))
        val inspected = JsonParser.parseString(inspectJson(token)).asJsonObject
        val kid = inspected.get("kid").asString
        val publicHex = run {
            val p = ProcessBuilder("openssl", "pkey", "-pubout", "-outform", "DER").start()
            p.outputStream.use { it.write(pem.toByteArray()) }
            p.inputStream.readBytes().takeLast(32).joinToString("") { "%02x".format(it) }
        }
        File(dir, "trust.json").writeText(
            """{"keys":[{"issuer":"VN-SG","kid":"$kid","public_key":"$publicHex","kinds":["permit"],"status":"active","valid_from":"2021-01-01T00:00:00+07:00"}]}""",
        )
        File(dir, "policy.toml").writeText("format = 1\naccept = [\"permit\"]\n[permit]\narea = \"deny\"\n")
        val out = ByteArrayOutputStream()
        val saved = System.out
        System.setOut(PrintStream(out, true, "UTF-8"))
        try {
            vn.qrpass.example.main(arrayOf(File(dir, "pass.png").path, File(dir, "trust.json").path, File(dir, "policy.toml").path, "79.760"))
        } finally {
            System.setOut(saved)
        }
        val printed = out.toString("UTF-8")
        assertTrue(printed.startsWith("ALLOW"), printed)
        assertTrue(printed.contains("name: Nguyễn Văn An"), printed)
        assertTrue(printed.contains("••••••••1234") && !printed.contains("079201001234"), printed)
    }

    @Test
    fun cameraLoopScannerGivesCornersAndSkipsBlankFrames() {
        val text = permitVector().get("text").asString
        val (w, h, stride) = Triple(640, 640, 704)
        val y = frame(text, w, h, stride)
        val scanner = Scanner(true, true)
        val codes = scanner.scanLuma(w.toUInt(), h.toUInt(), stride.toUInt(), y)
        assertEquals(listOf(text), codes.map { it.text })
        assertEquals(4, codes[0].corners.size)
        // The code is drawn in the middle: its corners surround the centre.
        val xs = codes[0].corners.map { it.x }
        val ys = codes[0].corners.map { it.y }
        assertTrue(xs.min() < 320f && xs.max() > 320f && ys.min() < 320f && ys.max() > 320f, codes[0].corners.toString())
        assertEquals(listOf<ScannedCode>(), scanner.scanLuma(640u, 360u, 640u, ByteArray(640 * 360) { 0x7f }))
        assertEquals(ScannerStats(2uL, 1uL, 0uL, 1uL), scanner.stats())
        assertEquals("invalid_argument", code(assertThrows<QrpassException> { scanner.scanLuma(100u, 100u, 50u, ByteArray(10000)) }))
        assertEquals("bad_image", code(assertThrows<QrpassException> { scanner.scanRgba(10u, 10u, ByteArray(10)) }))
        scanner.reset()
        assertEquals(0uL, scanner.stats().frames)
    }
}
