package io.tidepool.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtectedPathsTest {

    private final ProtectedPaths openApi = ProtectedPaths.parse("/openapi");

    @ParameterizedTest
    @ValueSource(strings = {"/openapi", "/openapi/", "/openapi/ui/", "/openapi/ui/index.html", "/OpenAPI/ui/"})
    void coversThePrefixAndEverythingBelowIt(String uri) {
        assertTrue(openApi.covers(uri), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%6Fpenapi", "/%6fpenapi/ui/", "/openapi%2Fui/", "//openapi", "/./openapi/ui/",
            "/x/../openapi/ui/", "/openapi;jsessionid=1/ui/", "/x/%2E%2E/openapi", "/health/..%2Fopenapi"})
    void decodesAndNormalisesBeforeComparing(String uri) {
        assertTrue(openApi.covers(uri), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/openapix", "/openapi-ui", "/health/ready", "/metrics", "/db/query", "/x/openapi"})
    void leavesOtherPathsAlone(String uri) {
        assertFalse(openApi.covers(uri), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/openapi/%zz", "relative/openapi"})
    void protectsWhatItCannotDecode(String uri) {
        assertTrue(openApi.covers(uri), uri);
        assertTrue(ProtectedPaths.parse("").covers(uri), "doubtful paths are protected whatever the prefixes");
    }

    @Test
    void readsACommaSeparatedListLeniently() {
        ProtectedPaths paths = ProtectedPaths.parse(" openapi/ , /ibm/api/docs,,");
        assertTrue(paths.covers("/openapi/ui/"));
        assertTrue(paths.covers("/ibm/api/docs"));
        assertFalse(paths.covers("/ibm/api"));
        assertTrue(ProtectedPaths.parse(" , ").isEmpty());
        assertTrue(ProtectedPaths.parse(null).isEmpty());
    }

    @Test
    void resolvesThePathTheContainerWillServe() {
        assertEquals("/openapi/ui/", ProtectedPaths.resolved("/x/..//%6Fpenapi;a=b/ui/"));
        assertEquals("/caf\u00e9/\ud83d\udc1f", ProtectedPaths.resolved("/caf%C3%A9/%F0%9F%90%9F"));
        assertNull(ProtectedPaths.resolved(null));
    }
}
