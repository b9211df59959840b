package io.tidepool.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUserAndPasswordSplittingAtTheFirstColon() {
        assertEquals(Optional.of(new BasicCredentials("admin", "s3cret")), BasicCredentials.parse(basic("admin:s3cret")));
        assertEquals(Optional.of(new BasicCredentials("admin", "a:b:c")), BasicCredentials.parse(basic("admin:a:b:c")));
        assertEquals(Optional.of(new BasicCredentials("monitor", "")), BasicCredentials.parse(basic("monitor:")));
        assertEquals(Optional.of(new BasicCredentials("ünï", "pässwörd")), BasicCredentials.parse(basic("ünï:pässwörd")));
        assertEquals(Optional.of(new BasicCredentials("admin", "x")), BasicCredentials.parse("basic " + basic("admin:x").substring(6)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer abc", "Basic", "Basic ", "Basic !!!not-base64", "Digest username=admin"})
    void hasNoCredentialsInAnythingElse(String header) {
        assertTrue(BasicCredentials.parse(header).isEmpty());
    }

    @Test
    void needsAUserNameAndAColon() {
        assertTrue(BasicCredentials.parse(null).isEmpty());
        assertTrue(BasicCredentials.parse(basic("no-colon")).isEmpty());
        assertTrue(BasicCredentials.parse(basic(":password-without-user")).isEmpty());
    }

    @Test
    void neverShowsThePassword() {
        String shown = new BasicCredentials("admin", "s3cret").toString();
        assertTrue(shown.contains("admin"), shown);
        assertFalse(shown.contains("s3cret"), shown);
    }

    @Test
    void challengesForTheRealmInUtf8() {
        assertEquals("Basic realm=\"tidepool\", charset=\"UTF-8\"", BasicCredentials.challenge());
    }
}
