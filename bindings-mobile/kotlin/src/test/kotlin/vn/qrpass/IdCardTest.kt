package vn.qrpass

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.time.OffsetDateTime
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** ID cards (CCCD): the id_card vectors, classify, bind, check with a card, the pre-filled declaration. */
class IdCardTest {
    private val vectors = File(File(System.getProperty("qrpass.repo") ?: "../.."), "spec/vectors")
    private fun read(name: String): JsonObject = JsonParser.parseString(File(vectors, name).readText()).asJsonObject
    private fun seconds(rfc3339: String): Long = OffsetDateTime.parse(rfc3339).toEpochSecond()
    private val card = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021"

    @Test
    fun everyIdCardVector() {
        val names = read("index.json").getAsJsonArray("id_card_vectors").map { it.asString }
        assertTrue(names.size >= 15)
        for (name in names) {
            val v = read("$name.json")
            val expected = v.getAsJsonObject("expected")
            if (expected.has("error")) {
                val e = assertThrows<QrpassException> { IdCard.parse(v.get("text").asString) }
                assertEquals(expected.get("error").asString, e.errorCode, name)
                assertTrue(e is QrpassException.Format, name)
            } else {
                val parsed = IdCard.parse(v.get("text").asString)
                assertEquals(expected.get("card"), JsonParser.parseString(parsed.toJson()), name)
            }
        }
    }

    @Test
    fun fieldsMaskedViewAndPhotos() {
        val c = IdCard.parse(card)
        assertEquals("079201001234", c.number())
        assertEquals("023456789", c.oldNumber())
        assertEquals("2001-05-14", c.birthDate())
        assertEquals("male", c.sex())
        assertFalse(c.inconsistentNumber())
        val masked = c.maskedJson()
        for (hidden in listOf("MARKER-ADDRESS", "079201001234", "023456789", "2021-06-01")) {
            assertFalse(masked.contains(hidden), masked)
        }
        assertFalse(c.toString().contains("MARKER"))
        assertEquals(c.toJson(), IdCard.fromBytes(renderPng(card)).toJson())
        assertEquals("bad_id_card", assertThrows<QrpassException> { IdCard.fromBytes(renderPng("HELLO")) }.errorCode)
        assertEquals("bad_id_card", assertThrows<QrpassException> { IdCard.parse(card.replace("14052001", "31022001")) }.errorCode)
        assertEquals("id_card", classify(card))
        assertEquals("pass", classify("VN1:ABC"))
        assertEquals("trust_list", classify("VN1T:ABC"))
        assertEquals("unknown", classify("hello"))
    }

    @Test
    fun bindCheckAndDeclare() {
        val v = read("permit_typical.json")
        val verifier = Verifier(v.get("trust").toString(), 300L, listOf())
        val at = seconds(v.get("at").asString)
        val verified = verifier.verify(v.get("text").asString, at)
        val permitCard = card.replace("079201001234", (verified.pass as Pass.Permit).permit.holder.id.number)
        assertEquals(Binding("match", "exact", "absent", "match"), bind(verified, IdCard.parse(permitCard)))
        val policy = Policy("""{"accept": ["permit"], "permit": {"area": "allow"}, "holder": {"require_card": ["permit"]}}""")
        val allowed = policy.check(verifier, v.get("text").asString, null, at, IdCard.parse(permitCard))
        assertEquals("allow", allowed.outcome)
        assertEquals("match", allowed.view.holder?.result)
        val missing = policy.check(verifier, v.get("text").asString, null, at)
        assertEquals(listOf("id_card_missing"), missing.reasons.map { it.code })
        val other = policy.check(verifier, v.get("text").asString, null, at, IdCard.parse(card.replace("079201001234", "079201005555")))
        assertEquals("deny", other.outcome)
        assertFalse(other.view.json.contains("MARKER") || other.view.toString().contains("MARKER"))
        val declaration = IdCard.parse(card).declarationJson("HCM-Q1-01", at, "79.760", "79")
        assertTrue(declaration.contains("\"number\":\"079201001234\"") && !declaration.contains("MARKER"), declaration)
        assertEquals("invalid_area", assertThrows<QrpassException> { IdCard.parse(card).declarationJson("X", at, "nowhere", "79") }.errorCode)
    }
}
