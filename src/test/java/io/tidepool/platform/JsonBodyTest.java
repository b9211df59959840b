package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    private static ApiException refused(String contentType, String body, long limit) {
        return assertThrows(ApiException.class, () -> JsonBody.object(contentType,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), limit, "{\"a\": 1}"));
    }

    @Test
    void readsOneObjectWithOrWithoutAJsonContentType() {
        for (String type : new String[] {null, "", "application/json", "application/json; charset=utf-8"}) {
            assertEquals(1, JsonBody.object(type, new ByteArrayInputStream("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)),
                    100, "{}").getInt("a"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "1", "\"text\"", "{\"a\": ", "", "name=x"})
    void refusesAnythingButAJsonObjectWith400(String body) {
        ApiException e = refused("application/json", body, 100);
        assertEquals(400, e.status());
        assertEquals("invalid_json", e.code());
    }

    @Test
    void refusesNestingDeeperThanTheLimitWith400BeforeTheParserSeesIt() {
        ApiException e = refused("application/json", "{\"a\":" + "[".repeat(20_000), 1_000_000);
        assertEquals(400, e.status());
        assertEquals("invalid_json", e.code());
        assertEquals("the body nests arrays and objects deeper than 128 levels", e.getMessage());
        String deepest = "[".repeat(127) + "\"[{\"" + "]".repeat(127);
        assertEquals(1, JsonBody.object(null, new ByteArrayInputStream(("{\"a\":" + deepest + "}").getBytes(StandardCharsets.UTF_8)),
                1_000, "{}").getJsonArray("a").size());
    }

    @Test
    void saysWhatIsExpectedWhenTheBodyIsValidJsonOfAnotherKind() {
        assertEquals("the body must be a JSON object like {\"a\": 1}", refused(null, "[1]", 100).getMessage());
    }

    @Test
    void refusesOtherContentTypesWith415AndLargeBodiesWith413() {
        assertEquals(415, refused("text/plain", "{}", 100).status());
        assertEquals(415, refused("not a type", "{}", 100).status());
        ApiException tooLarge = refused("application/json", "{\"a\": \"" + "x".repeat(200) + "\"}", 100);
        assertEquals(413, tooLarge.status());
        assertEquals("payload_too_large", tooLarge.code());
    }
}
