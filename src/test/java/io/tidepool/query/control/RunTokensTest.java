package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.tidepool.query.control.RunTokens.RunToken;

class RunTokensTest {

    private final RunTokens tokens = new RunTokens();

    @Test
    void aTokenResolvesToItsRunUntilRevoked() {
        RunToken token = tokens.issue("alert", "run-1");
        assertSame(token, tokens.resolve(token.value()));
        assertEquals("alert", token.scriptId());
        assertEquals("run-1", token.runId());
        tokens.revoke(token);
        assertNull(tokens.resolve(token.value()));
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String a = tokens.issue("alert", "run-1").value();
        String b = tokens.issue("alert", "run-2").value();
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
        assertNull(tokens.resolve(null));
        assertNull(tokens.resolve("not-a-token"));
    }

    @Test
    void eventsAreCountedPerRunWhileTheTokenIsValid() {
        RunToken token = tokens.issue("alert", "run-1");
        tokens.eventStored("run-1");
        tokens.eventStored("run-1");
        tokens.eventStored("run-9");
        tokens.eventStored(null);
        assertEquals(2, token.events());
        tokens.revoke(token);
        tokens.eventStored("run-1");
        assertEquals(2, token.events());
    }
}
