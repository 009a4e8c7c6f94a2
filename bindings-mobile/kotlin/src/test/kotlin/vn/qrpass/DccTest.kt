package vn.qrpass

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.time.OffsetDateTime
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** EU DCCs (HC1:) on the JVM: DccVerifier, verifyAny, DccView, and the Checkpoint's signed DSC list (VN1D:). */
class DccTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private fun suite(path: String): JsonObject =
        JsonParser.parseString(File(repo, "testdata/dgc/$path").readText()).asJsonObject
    private fun clock(f: JsonObject): Long {
        val t = f.getAsJsonObject("TESTCTX").get("VALIDATIONCLOCK").asString
        return OffsetDateTime.parse(t).toEpochSecond()
    }
    private fun text(f: JsonObject): String = f.get("PREFIX").asString
    private fun dsc(f: JsonObject): DccVerifier =
        DccVerifier(f.getAsJsonObject("TESTCTX").get("CERTIFICATE").asString.toByteArray(), 300L)
    private fun code(block: () -> Unit): String = assertThrows<QrpassException> { block() }.errorCode

    private val at1 = suite("AT/2DCode/raw/1.json")
    private val hidden = listOf("URN:UVCI", "Ministry of Health", "ORG-100030215", "EU/1/20/1528", "d919375f")

    @Test
    fun aSuiteCertificateVerifiesWithTheMinimalFields() {
        val v = dsc(at1).verify(text(at1), clock(at1))
        assertEquals("vaccination", v.statementKind)
        assertEquals("Musterfrau-Gößinger Gabriele", v.name)
        assertEquals("1998-02-26", v.dob)
        assertEquals("vaccination 1/2 on 2021-02-18 (AT)", v.statement)
        assertEquals("AT", v.issuer)
        assertEquals(16, v.kid.length)
    }

    @Test
    fun everyDccErrorPathHasItsCode() {
        val verifier = dsc(at1)
        val be = dsc(suite("BE/2DCode/raw/1.json"))
        assertEquals("unknown_dcc_kid", code { be.verify(text(at1), clock(at1)) })
        assertEquals("expired", code { verifier.verify(text(at1), clock(at1) + 400L * 86_400) })
        assertEquals("issued_in_future", code { verifier.verify(text(at1), 1_000_000_000L) })
        val co6 = suite("common/2DCode/raw/CO6.json")
        assertEquals("dsc_key_usage", code { dsc(co6).verify(text(co6), clock(co6)) })
        val bg4 = suite("BG/2DCode/raw/4.json")
        assertEquals("dsc_expired", code { dsc(bg4).verify(text(bg4), clock(bg4)) })
        assertEquals("bad_zlib", code { verifier.verify("HC1:NCF", clock(at1)) })
        assertEquals("bad_base45", code { verifier.verify("HC1:a", clock(at1)) })
        assertEquals("bad_trust_list", code { DccVerifier("not a certificate".toByteArray(), 300L) })
        assertEquals("bad_policy", code { verifier.decide(text(at1), """{"defualt": {}}""", clock(at1)) })
        // Families: a kid nobody trusts is a signature error, an expired DCC a time error.
        assertThrows<QrpassException.Signature> { be.verify(text(at1), clock(at1)) }
        assertThrows<QrpassException.Time> { verifier.verify(text(at1), clock(at1) + 400L * 86_400) }
    }

    @Test
    fun verifyAnyTakesBothFormatsWithOneOutcomeShape() {
        val pass = Verifier("""{"keys":[]}""", 300L, listOf())
        val dcc = dsc(at1)
        val valid = verifyAny(pass, dcc, text(at1), clock(at1))
        assertEquals(listOf("valid", "hc1"), listOf(valid.outcome, valid.format))
        assertNull(valid.code)
        assertEquals("1998-02-26", valid.dcc?.dob)
        assertEquals("hc1", JsonParser.parseString(valid.json).asJsonObject.getAsJsonObject("verified").get("format").asString)
        for ((input, expected) in listOf("VN1:" to "bad_cbor", "hello" to "bad_prefix", "  " to "empty_input", "HC1:NCF" to "bad_zlib")) {
            val o = verifyAny(pass, dcc, input, clock(at1))
            assertEquals(listOf("invalid", expected), listOf(o.outcome, o.code), input)
            assertNull(o.pass); assertNull(o.dcc)
        }
        val expired = verifyAny(pass, dcc, text(at1), clock(at1) + 400L * 86_400)
        assertEquals("expired", expired.code)
    }

    @Test
    fun theDccViewHoldsNameBirthDateAndStatementOnly() {
        val verifier = dsc(at1)
        val lenient = verifier.decide(text(at1), """{"default": {"vaccination": {}}}""", clock(at1))
        assertEquals("allow", lenient.decision)
        assertTrue(lenient.reasons.isEmpty())
        val strict = verifier.decide(text(at1), """{"default": {"vaccination": {"full_course": true, "max_days": 60}}}""", clock(at1))
        assertEquals(listOf("deny", listOf("not_full_course", "dose_too_old")), listOf(strict.decision, strict.reasons))
        assertEquals("tiêm mũi 1/2 ngày 2021-02-18 (AT)", lenient.statementVi)
        val shown = listOf(lenient.name, lenient.dob, lenient.statement, lenient.statementVi).joinToString("|")
        hidden.forEach { assertFalse(shown.contains(it), it) }
    }

    @Test
    fun theCheckpointHoldsASignedDscListAndChecksHc1UnderItsPolicy() {
        val root = PrivateKey.fromSeed(ByteArray(32) { 1 })
        val cp = Checkpoint(root.publicKey(), "entry-desk", null)
        val list2 = File(repo, "testdata/dsc/dsc-list-2.vn1d").readBytes()
        val list1 = File(repo, "testdata/dsc/dsc-list-1.vn1d").readBytes()
        assertEquals("bad_dsc_list", cp.check(text(at1), clock(at1)).reasons.map { it.code }.first())
        val o = cp.offer(list2)
        assertEquals(listOf("dsc_list", "loaded", 2UL), listOf(o.kind, o.outcome, o.sequence))
        assertEquals("unchanged", cp.offer(list2).outcome)
        val before = cp.save()
        assertEquals("dsc_list_rollback", code { cp.offer(list1) })
        assertArrayEquals(before, cp.save())
        val other = Checkpoint(PrivateKey.fromSeed(ByteArray(32) { 9 }).publicKey(), "x", null)
        assertEquals("bad_dsc_list", code { other.offer(list2) })
        assertEquals("unknown_artifact", code { cp.offer("VN1D:%%".toByteArray()) })
        assertArrayEquals(before, cp.save())

        // No dcc section: DCCs are not accepted.
        cp.setLocalPolicy("""{"accept": ["permit"]}""")
        assertEquals(listOf("kind_not_accepted"), cp.check(text(at1), clock(at1)).reasons.map { it.code })
        cp.setLocalPolicy("""{"accept": ["permit"], "dcc": {"default": {"vaccination": {}}}}""")
        val d = cp.check(text(at1), clock(at1) + 300)
        assertEquals("allow", d.outcome)
        assertEquals(listOf("Musterfrau-Gößinger Gabriele", "1998-02-26", "vaccination 1/2 on 2021-02-18 (AT)", "tiêm mũi 1/2 ngày 2021-02-18 (AT)"),
            listOf(d.view.name, d.view.dob, d.view.statement, d.view.statementVi))
        assertNull(d.view.idMasked); assertNull(d.view.kind); assertNull(d.view.issuer)
        hidden.forEach { assertFalse(d.view.json.contains(it), it) }

        val csv = cp.tallyCsv()
        assertTrue(csv.contains(",eu_dcc,allow,none,1"), csv)
        listOf("Gabriele", "MUSTERFRAU", "1998-02-26").forEach { assertFalse(csv.contains(it) || cp.tallyJson().contains(it), it) }
        val line = cp.status(clock(at1)).artifacts.first { it.kind == "dsc_list" }
        assertEquals(listOf(2UL, "fresh"), listOf(line.sequence, line.state))
        val restored = Checkpoint.restore(cp.save())
        assertEquals(2UL, restored.dscListSequence())
        assertArrayEquals(cp.save(), restored.save())
    }
}
