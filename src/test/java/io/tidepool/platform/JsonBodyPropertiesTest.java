package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated bodies: {@link JsonBody} answers every one with an object or a 400, 413 or 415 in the error shape. */
class JsonBodyPropertiesTest {

    private static final long LIMIT = 256;

    private static void objectOrRefused(String contentType, byte[] body) {
        try {
            JsonBody.object(contentType, new ByteArrayInputStream(body), LIMIT, "{}");
        } catch (ApiException e) {
            assertTrue(Set.of(400, 413, 415).contains(e.status()), () -> e.status() + " " + e.code());
            assertTrue(Set.of("invalid_json", "payload_too_large", "unsupported_media_type").contains(e.code()), e.code());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    @Property(tries = 2000)
    void anyBytesAreAnObjectOrAClientError(@ForAll byte[] body, @ForAll("contentTypes") String contentType) {
        objectOrRefused(contentType, body);
    }

    @Property(tries = 2000)
    void anyTextIsAnObjectOrAClientError(@ForAll("almostJson") String body) {
        objectOrRefused("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void aValidObjectIsReadBackWhole(@ForAll("objects") jakarta.json.JsonObject object) {
        byte[] body = object.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length <= LIMIT) {
            assertEquals(object, JsonBody.object(null, new ByteArrayInputStream(body), LIMIT, "{}"));
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("", "application/json", "application/json; charset=utf-8", "text/plain", "*/*",
                "application/x-protobuf", ";", "application/json;;", "APPLICATION/JSON"), Arbitraries.strings().ofMaxLength(30))
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<String> almostJson() {
        Arbitrary<String> valid = JsonArbitraries.values(3).map(Object::toString);
        return Arbitraries.oneOf(valid,
                valid.flatMap(text -> Arbitraries.integers().between(0, text.length()).map(cut -> text.substring(0, cut))),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\u").ofMaxLength(60),
                Arbitraries.of("[".repeat(5000), "{\"a\":".repeat(3000), "\"\\ud800\"", "{\"a\":1}{", "1e99999"));
    }

    @Provide
    Arbitrary<jakarta.json.JsonObject> objects() {
        return JsonArbitraries.objects(java.util.List.of("sql", "params", "name"), 2);
    }
}
