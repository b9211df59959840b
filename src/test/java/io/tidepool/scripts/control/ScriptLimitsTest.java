package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ScriptLimitsTest {

    static ScriptLimits limits(String sdkHost, Optional<String> sdkUrl, int memoryLimitMb) {
        return new ScriptLimits("deno", "/tmp/tidepool-scripts", Duration.ofMinutes(5), 512, memoryLimitMb, "prlimit", 1 << 20,
                1 << 18, 100, 5, sdkUrl, sdkHost, 9003);
    }

    @Test
    void scriptsReachTheSdkEndpointByTheAddressItListensOn() {
        assertEquals("127.0.0.1:9003", limits("127.0.0.1", Optional.empty(), 1024).sdkHostPort());
        assertEquals("http://127.0.0.1:9003", limits("127.0.0.1", Optional.empty(), 1024).sdkUrl().toString());
        assertEquals("10.0.0.5:9003", limits("10.0.0.5", Optional.empty(), 1024).sdkHostPort());
    }

    @Test
    void wildcardsAndLocalhostBecomeTheLoopbackAddress() {
        for (String host : new String[] {"*", "0.0.0.0", "::", "localhost", "LOCALHOST"}) {
            assertEquals("127.0.0.1", ScriptLimits.loopbackHost(host), host);
        }
        assertEquals("[::1]", ScriptLimits.loopbackHost("::1"));
    }

    @Test
    void anExplicitSdkUrlWins() {
        ScriptLimits limits = limits("127.0.0.1", Optional.of("http://127.0.0.1:19003"), 1024);
        assertEquals("127.0.0.1:19003", limits.sdkHostPort());
    }
}
