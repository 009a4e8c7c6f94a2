package vn.qrpass

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.time.OffsetDateTime
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Issuing from the typed records, keys (generate, seed, PEM, kid) and SVG:
 *  every spec vector with an input is verified into its record and re-issued
 *  from that record byte for byte; every error path throws its stable code. */
class IssueTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private val vectors = File(repo, "spec/vectors")
    private fun read(name: String): JsonObject = JsonParser.parseString(File(vectors, name).readText()).asJsonObject
    private fun seconds(rfc3339: String): Long = OffsetDateTime.parse(rfc3339).toEpochSecond()
    private fun bytes(hex: String) = hex.chunked(2).map { it.toInt(16).toByte() }.toByteArray()
    private val withInput = read("index.json").getAsJsonArray("vectors").map { read("${it.asString}.json") }
        .filter { it.has("input") && it.get("input").isJsonObject }

    private fun verified(v: JsonObject): VerifiedPass =
        Verifier(v.get("trust").toString(), 300L, listOf()).verify(v.get("text").asString, seconds(v.get("at").asString))

    @Test
    fun everyVectorIsReissuedFromItsTypedRecord() {
        assertTrue(withInput.size >= 8, "${withInput.size} vectors with an input")
        for (v in withInput) {
            val input = v.getAsJsonObject("input")
            val key = PrivateKey.fromSeed(bytes(input.get("key_seed").asString))
            val issuer = Issuer.withKey(key, input.get("issuer").asString)
            val text = issuer.issueWith(verified(v).pass, seconds(input.get("iat").asString), input.get("cti").asString)
            assertEquals(v.get("text").asString, text, v.get("name").asString)
            assertEquals(v.getAsJsonObject("expected").getAsJsonObject("verified").get("kid").asString, issuer.kid())
        }
    }

    @Test
    fun keysGeneratePemAndKid() {
        val a = PrivateKey.generate()
        val b = PrivateKey.generate()
        assertNotEquals(a.kid(), b.kid())
        val pem = a.toPem()
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"))
        val again = PrivateKey.fromPem(pem)
        assertEquals(a.kid(), again.kid())
        assertTrue(a.publicKey().contentEquals(again.publicKey()))
        assertTrue(a.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----"))
        // The PEM issuer constructor and the key one sign with the same key.
        assertEquals(Issuer(pem, "VN-HN").kid(), Issuer.withKey(a, "VN-HN").kid())
    }

    @Test
    fun aFreshIssueVerifiesAndDiffersEachTime() {
        val v = withInput.first()
        val record = verified(v).pass
        val input = v.getAsJsonObject("input")
        val issuer = Issuer.withKey(PrivateKey.fromSeed(bytes(input.get("key_seed").asString)), "VN-SG")
        // Issued now with a random token id: two issues differ.
        assertNotEquals(issuer.issue(record), issuer.issue(record))
        // Another token id at the vector's time verifies back to the same record.
        val other = issuer.issueWith(record, seconds(input.get("iat").asString), "0102030405060708")
        assertNotEquals(v.get("text").asString, other)
        assertEquals(record, Verifier(v.get("trust").toString(), 300L, listOf()).verify(other, seconds(v.get("at").asString)).pass)
    }

    @Test
    fun renderSvgDrawsAndRefusesABadLevel() {
        val svg = renderSvg(withInput.first().get("text").asString, "Q")
        assertTrue(svg.contains("<svg"), svg.take(80))
        assertEquals("invalid_argument", assertThrows<QrpassException> { renderSvg("x", "X") }.errorCode)
    }

    @Test
    fun issuingErrorsCarryTheirCodes() {
        val v = withInput.first()
        val record = verified(v).pass as Pass.Permit
        val input = v.getAsJsonObject("input")
        val key = PrivateKey.fromSeed(bytes(input.get("key_seed").asString))
        val issuer = Issuer.withKey(key, "VN-SG")
        fun code(f: () -> Unit) = assertThrows<QrpassException> { f() }.errorCode
        assertEquals("bad_key", code { PrivateKey.fromSeed(ByteArray(31)) })
        assertEquals("bad_key", code { PrivateKey.fromPem("not a key") })
        assertEquals("invalid_issuer", code { Issuer.withKey(key, "not an issuer id!") })
        assertEquals("invalid_argument", code { issuer.issueWith(record, 1630454400L, "zz") })
        val badPurpose = Pass.Permit(record.permit.copy(purpose = "flying"))
        assertEquals("bad_json", code { issuer.issue(badPurpose) })
        val emptyName = Pass.Permit(record.permit.copy(holder = record.permit.holder.copy(name = " ")))
        assertEquals("missing_field", code { issuer.issue(emptyName) })
        val badDate = Pass.Permit(record.permit.copy(holder = record.permit.holder.copy(birthDate = "1985-02-30")))
        assertTrue(code { issuer.issue(badDate) }.isNotEmpty())
    }
}
