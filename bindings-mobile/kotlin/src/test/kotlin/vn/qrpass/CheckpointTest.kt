package vn.qrpass

import com.google.gson.JsonArray
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.time.OffsetDateTime
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The checkpoint vectors (spec/TRUST.md §9.9) and the Checkpoint object's error paths. */
class CheckpointTest {
    private val repo = File(System.getProperty("qrpass.repo") ?: "../..")
    private val vectors = File(repo, "spec/vectors")
    private fun read(name: String): JsonObject = JsonParser.parseString(File(vectors, name).readText()).asJsonObject
    private fun seconds(rfc3339: String): Long = OffsetDateTime.parse(rfc3339).toEpochSecond()
    private fun file(f: JsonObject): ByteArray =
        if (f.has("hex")) f.get("hex").asString.chunked(2).map { it.toInt(16).toByte() }.toByteArray()
        else f.get("text").asString.toByteArray()
    private fun rejected(e: QrpassException, same: Boolean) = JsonObject().apply {
        addProperty("outcome", "rejected"); addProperty("code", e.errorCode); addProperty("state_unchanged", same)
    }

    private fun policy(id: String?, sequence: ULong?) = JsonObject().apply {
        addProperty("id", id); add("sequence", sequence?.let { com.google.gson.JsonPrimitive(it.toLong()) } ?: JsonNull.INSTANCE)
        addProperty("signed", sequence != null)
    }

    /** Runs one step; null for steps without an expectation. Returns the checkpoint in use after it. */
    private fun step(cp: Checkpoint, s: JsonObject): Pair<Checkpoint, JsonObject?> {
        when {
            s.has("offer") -> {
                val before = cp.save()
                return cp to try {
                    val o = cp.offer(file(s.getAsJsonObject("offer")))
                    JsonObject().apply {
                        addProperty("kind", o.kind); addProperty("outcome", o.outcome); addProperty("sequence", o.sequence.toLong())
                        o.id?.let { addProperty("id", it) }
                    }
                } catch (e: QrpassException) { rejected(e, cp.save().contentEquals(before)) }
            }
            s.has("check") -> {
                val d = cp.check(s.get("check").asString, seconds(s.get("at").asString))
                return cp to JsonObject().apply {
                    addProperty("outcome", d.outcome)
                    add("codes", JsonArray().apply { d.reasons.forEach { add(it.code) } })
                    add("policy", policy(d.policyId, d.policySequence))
                }
            }
            s.has("status") -> {
                val st = JsonParser.parseString(cp.status(seconds(s.get("status").asString)).json).asJsonObject
                return cp to JsonObject().apply {
                    add("states", JsonArray().apply {
                        st.getAsJsonArray("artifacts").forEach { a ->
                            val o = a.asJsonObject
                            add(JsonArray().apply { add(o.get("kind")); add(o.get("id") ?: JsonNull.INSTANCE); add(o.get("state")) })
                        }
                    })
                    add("next_refresh_at", st.get("next_refresh_at")); add("clock_behind", st.get("clock_behind"))
                    add("clock_suspect", st.get("clock_suspect")); add("policy_in_force", st.get("policy_in_force"))
                }
            }
            s.has("set_area") -> { cp.setArea(s.get("set_area").let { if (it.isJsonNull) null else it.asString }); return cp to null }
            s.has("time_hint") -> {
                val h = s.getAsJsonArray("time_hint")
                cp.setTimeHint(seconds(h[0].asString), seconds(h[1].asString)); return cp to null
            }
            s.has("save_restore") -> {
                val saved = cp.save()
                val back = Checkpoint.restore(saved)
                return back to JsonObject().apply { addProperty("same_bytes", back.save().contentEquals(saved)) }
            }
            else -> {
                val before = cp.save()
                val e = assertThrows<QrpassException> { Checkpoint.restore(file(s.getAsJsonObject("restore"))) }
                return cp to rejected(e, cp.save().contentEquals(before))
            }
        }
    }

    @Test
    fun everyCheckpointVector() {
        val names = read("index.json").getAsJsonArray("checkpoint_vectors").map { it.asString }
        assertEquals(9, names.size)
        for (name in names) {
            val v = read("$name.json")
            val root = file(JsonObject().apply { addProperty("hex", v.get("root_public_key").asString) })
            var cp = Checkpoint(root, v.get("checkpoint_id").asString, v.get("area").let { if (it.isJsonNull) null else it.asString })
            for ((i, s) in v.getAsJsonArray("steps").withIndex()) {
                val (next, got) = step(cp, s.asJsonObject)
                cp = next
                if (got != null) assertEquals(s.asJsonObject.get("expected"), got, "$name step $i")
            }
            val total = JsonParser.parseString(cp.tallyJson()).asJsonObject.get("total").asLong
            assertEquals(v.getAsJsonObject("final").get("tally_total").asLong, total, name)
        }
    }

    @Test
    fun refusalsChangeNothingAndDamagedStatesAreRefused() {
        val v = read("checkpoint_save_restore.json")
        val root = file(JsonObject().apply { addProperty("hex", v.get("root_public_key").asString) })
        val offers = v.getAsJsonArray("steps").map { it.asJsonObject }.filter { it.has("offer") }.map { file(it.getAsJsonObject("offer")) }
        val cp = Checkpoint(root, "QL1A-01", "79.760")
        cp.offer(offers[1])
        val before = cp.save()
        for (bad in listOf("hello".toByteArray(), offers[1].copyOf(offers[1].size - 1), offers[4])) {
            assertThrows<QrpassException> { cp.offer(bad) }
            assertArrayEquals(before, cp.save())
        }
        val e = assertThrows<QrpassException> { Checkpoint.restore(before.copyOf(before.size - 1)) }
        assertEquals("bad_checkpoint_state", e.errorCode)
        assertEquals("invalid_argument", assertThrows<QrpassException> { cp.setRefresh(0u, 10u) }.errorCode)
        assertEquals("invalid_area", assertThrows<QrpassException> { cp.setArea("7") }.errorCode)
        val status = cp.status(seconds("2021-09-10T08:00:00+07:00"))
        assertEquals(listOf("fresh", "missing", "missing"), status.artifacts.map { it.state })
        assertFalse(status.clockBehind)
        assertEquals("hour,kind,outcome,holder,count\n", cp.tallyCsv())
    }
}
