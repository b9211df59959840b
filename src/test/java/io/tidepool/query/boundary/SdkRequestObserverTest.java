package io.tidepool.query.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SdkRequestObserverTest {

    @Test
    void readsTheTokenOfABearerHeader() {
        assertEquals("abc-DEF_123", SdkRequestObserver.bearerToken("Bearer abc-DEF_123"));
        assertEquals("abc", SdkRequestObserver.bearerToken("bearer  abc "));
    }

    @Test
    void anythingElseCarriesNoToken() {
        assertNull(SdkRequestObserver.bearerToken(null));
        assertNull(SdkRequestObserver.bearerToken(""));
        assertNull(SdkRequestObserver.bearerToken("Bearer "));
        assertNull(SdkRequestObserver.bearerToken("Bearer    "));
        assertNull(SdkRequestObserver.bearerToken("Basic dXNlcjpwYXNz"));
    }
}
