package vn.qrpass

import com.google.gson.JsonParser
import java.io.File
import java.time.OffsetDateTime
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The payout app's Ledger: the support vector paid once, refusals with codes, a signed export. */
class LedgerTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private val vector = JsonParser.parseString(File(repo, "spec/vectors/support_entitlement_typical.json").readText()).asJsonObject
    private val at = OffsetDateTime.parse(vector.get("at").asString).toEpochSecond()
    private val verifier = Verifier(vector.get("trust").toString(), vector.get("clock_skew_seconds").asLong, listOf())
    private val token = vector.get("text").asString.trimEnd()
    private val amount = vector.getAsJsonObject("input").getAsJsonObject("pass").get("amount_vnd").asLong
    private val pointKey: String = run {
        val p = ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519").redirectErrorStream(true).start()
        p.inputStream.readBytes().decodeToString().also { assertEquals(0, p.waitFor()) }
    }

    private fun newLedger(): Pair<File, Ledger> {
        val file = File(kotlin.io.path.createTempDirectory("qrpass-ledger").toFile(), "point.db")
        return file to Ledger.open(file.path, true)
    }

    @Test
    fun paysOnceThenRefusesTheSecondPayment() {
        val (_, ledger) = newLedger()
        val first = ledger.redeem(verifier, token, "PT-KT-1", pointKey, amount, at)
        assertFalse(first.alreadyRedeemed)
        assertEquals(1uL, first.seq)
        val second = ledger.redeem(verifier, token, "PT-KT-2", pointKey, amount, at + 60)
        assertTrue(second.alreadyRedeemed)
        assertEquals("PT-KT-1", second.point)
        assertEquals(first.receiptJson, second.receiptJson)
        assertEquals(1uL, ledger.count())
        val export = ledger.export("PT-KT-1", pointKey, 0uL).decodeToString().lines().filter { it.isNotEmpty() }
        assertEquals(3, export.size, "header, one receipt, trailer")
        assertTrue(export[0].contains("qrpass-ledger-export/1"))
    }

    @Test
    fun refusalsThrowTheirCodeAndWriteNothing() {
        val (_, ledger) = newLedger()
        fun code(block: () -> Unit) = assertThrows<QrpassException> { block() }.errorCode
        assertEquals("amount_mismatch", code { ledger.redeem(verifier, token, "PT-KT-1", pointKey, amount - 1, at) })
        assertEquals("invalid_number", code { ledger.redeem(verifier, token, "PT-KT-1", pointKey, 0, at) })
        assertEquals("invalid_argument", code { ledger.redeem(verifier, token, "bad id", pointKey, amount, at) })
        assertEquals("bad_key", code { ledger.redeem(verifier, token, "PT-KT-1", "not a key", amount, at) })
        assertEquals(0uL, ledger.count())
    }

    @Test
    fun aDamagedFileIsLedgerCorruptAndLeftAsItIs() {
        val (file, ledger) = newLedger()
        ledger.redeem(verifier, token, "PT-KT-1", pointKey, amount, at)
        ledger.destroy()
        val damaged = File(file.parentFile, "damaged.db")
        damaged.writeBytes(file.readBytes().copyOf(1000))
        val before = damaged.readBytes()
        val e = assertThrows<QrpassException> { Ledger.open(damaged.path, true) }
        assertEquals("ledger_corrupt", e.errorCode)
        assertTrue(before.contentEquals(damaged.readBytes()))
    }
}
