package io.tidepool.scripts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tidepool.platform.ApiException;

class ScriptDefinitionTest {

    private static ScriptDefinition parse(String json) {
        return ScriptDefinition.from(Json.createReader(new StringReader(json)).readObject(), 1024);
    }

    private static ApiException refused(String json) {
        return assertThrows(ApiException.class, () -> parse(json));
    }

    @Test
    void aFullDefinition() {
        ScriptDefinition definition = parse("""
                {"name": "latency-alert", "source": "console.log(1)", "description": "p99 of payments",
                 "timeout": "90s", "schedule": {"every": "1m"}}""");
        assertEquals("latency-alert", definition.name());
        assertEquals("console.log(1)", definition.source());
        assertEquals(Duration.ofSeconds(90), definition.timeout());
        assertTrue(definition.scheduleGiven());
        assertEquals(Duration.ofMinutes(1), definition.schedule().every());
    }

    @Test
    void anAbsentScheduleIsToldFromANullOne() {
        ScriptDefinition absent = parse("{\"source\": \"1\"}");
        assertFalse(absent.scheduleGiven());
        ScriptDefinition removed = parse("{\"source\": \"1\", \"schedule\": null}");
        assertTrue(removed.scheduleGiven());
        assertNull(removed.schedule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "latency-alert", "Errors_2.v1", "0day"})
    void validNames(String name) {
        assertEquals(name, parse("{\"name\": \"" + name + "\", \"source\": \"1\"}").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".hidden", "a b", "a/b", "..", "é"})
    void invalidNamesAreRefusedWithTheRule(String name) {
        ApiException e = refused("{\"name\": \"" + name + "\", \"source\": \"1\"}");
        assertEquals(400, e.status());
        assertEquals("invalid_name", e.code());
        assertEquals("a script name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got '" + name + "'",
                e.getMessage());
    }

    @Test
    void aSourceIsRequired() {
        ApiException e = refused("{\"name\": \"x\"}");
        assertEquals("missing_field", e.code());
        assertEquals("field 'source' (the script's TypeScript, a non-empty string) is required", e.getMessage());
        assertEquals("missing_field", refused("{\"name\": \"x\", \"source\": \"  \"}").code());
    }

    @Test
    void anOversizedSourceIs413WithTheLimit() {
        ApiException e = refused("{\"name\": \"x\", \"source\": \"" + "€".repeat(342) + "\"}");
        assertEquals(413, e.status());
        assertEquals("source_too_large", e.code());
        assertEquals("the source is 1026 bytes; the limit is 1024 bytes (tidepool.scripts.max-source-bytes)", e.getMessage());
    }

    @Test
    void unknownFieldsAndWrongTypesAreRefused() {
        assertEquals("unknown field 'shedule'; a script has 'name', 'source', 'description', 'timeout' and 'schedule'",
                refused("{\"source\": \"1\", \"shedule\": {\"every\": \"1m\"}}").getMessage());
        assertEquals("field 'description' must be a string", refused("{\"source\": \"1\", \"description\": 5}").getMessage());
        assertTrue(refused("{\"source\": \"1\", \"timeout\": \"5 minutes\"}").getMessage().startsWith("'timeout': invalid duration"));
    }
}
