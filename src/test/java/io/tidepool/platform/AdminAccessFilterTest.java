package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAccessFilterTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUserAndPasswordSplittingAtTheFirstColon() {
        assertArrayEquals(new String[] {"admin", "s3cret"}, AdminAccessFilter.basicCredentials(basic("admin:s3cret")));
        assertArrayEquals(new String[] {"admin", "a:b:c"}, AdminAccessFilter.basicCredentials(basic("admin:a:b:c")));
        assertArrayEquals(new String[] {"monitor", ""}, AdminAccessFilter.basicCredentials(basic("monitor:")));
        assertArrayEquals(new String[] {"ünï", "pässwörd"}, AdminAccessFilter.basicCredentials(basic("ünï:pässwörd")));
        assertArrayEquals(new String[] {"admin", "x"}, AdminAccessFilter.basicCredentials("basic " + basic("admin:x").substring(6)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer abc", "Basic", "Basic ", "Basic !!!not-base64", "Digest username=admin"})
    void hasNoCredentialsInAnythingElse(String header) {
        assertNull(AdminAccessFilter.basicCredentials(header));
    }

    @Test
    void needsAUserNameAndAColon() {
        assertNull(AdminAccessFilter.basicCredentials(null));
        assertNull(AdminAccessFilter.basicCredentials(basic("no-colon")));
        assertNull(AdminAccessFilter.basicCredentials(basic(":password-without-user")));
    }
}
