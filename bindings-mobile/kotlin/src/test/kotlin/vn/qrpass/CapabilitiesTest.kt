package vn.qrpass

import com.google.gson.JsonParser
import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Every Kotlin item that spec/capabilities.json names exists (reflection): a class,
 *  Class.method (or a method of its companion), or a top-level function. */
class CapabilitiesTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private val table = JsonParser.parseString(File(repo, "spec/capabilities.json").readText()).asJsonObject

    private fun cls(name: String): Class<*>? =
        try { Class.forName("vn.qrpass.$name") } catch (e: ClassNotFoundException) { null }

    // Kotlin mangles the JVM name of a function taking unsigned (inline class) arguments: scanLuma-<hash>.
    private fun hasMethod(c: Class<*>, name: String) = c.methods.any { it.name == name || it.name.startsWith("$name-") }

    private fun missing(items: List<String>): List<String> = items.filter { item ->
        val parts = item.split(".")
        when (parts.size) {
            1 -> cls(parts[0]) == null && cls("Qrpass_mobileKt")?.let { hasMethod(it, parts[0]) } != true
            2 -> {
                val c = cls(parts[0])
                c == null || !(hasMethod(c, parts[1]) || cls(parts[0] + "\$Companion")?.let { hasMethod(it, parts[1]) } == true)
            }
            else -> true
        }
    }

    @Test
    fun everyNamedItemExists() {
        val named = table.getAsJsonArray("capabilities").map { it.asJsonObject }.filter { it.get("kotlin").isJsonArray }
        assertTrue(named.size > 15, "${named.size} rows")
        val gaps = named.flatMap { c -> missing(c.getAsJsonArray("kotlin").map { it.asString }).map { "${c.get("id").asString}: $it" } }
        assertEquals(emptyList<String>(), gaps)
    }

    @Test
    fun aBogusNameIsMissing() {
        assertEquals(
            listOf("Verifier.noSuchMethod", "noSuchFunction", "NoSuchClass.verify"),
            missing(listOf("Verifier.verify", "IdCard.parse", "errorCodes", "Verifier.noSuchMethod", "noSuchFunction", "NoSuchClass.verify")),
        )
    }
}
