package io.tidepool.platform;

import static io.tidepool.platform.Jsonp.JSON;

import java.math.BigDecimal;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generated JSON for property tests: values of every kind, and objects whose members are likely field names. */
public final class JsonArbitraries {

    private JsonArbitraries() {
    }

    /** Scalars of every JSON kind, with the awkward ones (huge numbers, empty and odd strings) often. */
    public static Arbitrary<JsonValue> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(JSON::createValue),
                Arbitraries.of("", " ", "5m", "99999999h", "info", "warning", "SELECT 1", "0", "-1", "\u0000", "null")
                        .map(JSON::createValue),
                Arbitraries.longs().map(JSON::createValue),
                Arbitraries.doubles().map(JSON::createValue),
                Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)),
                        new java.math.BigInteger("1" + "0".repeat(40))).map(n -> JSON.createValue(new BigDecimal(n))),
                Arbitraries.of(JsonValue.TRUE, JsonValue.FALSE, JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT,
                        JsonValue.EMPTY_JSON_ARRAY));
    }

    /** Any JSON value nested up to {@code depth} levels. */
    public static Arbitrary<JsonValue> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<JsonValue> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalars()),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(JsonArbitraries::array)),
                net.jqwik.api.Tuple.of(1, objects(List.of("a", "b", "data"), depth - 1).map(JsonValue.class::cast)));
    }

    /** Objects whose members are drawn mostly from {@code fields} (each value of any kind), sometimes from anywhere. */
    public static Arbitrary<JsonObject> objects(List<String> fields, int depth) {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(fields), Arbitraries.of(fields), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<JsonValue> value = depth == 0 ? scalars() : values(depth);
        return net.jqwik.api.Combinators.combine(name, value).as(java.util.Map::entry).list().ofMaxSize(fields.size() + 1)
                .map(members -> {
                    JsonObjectBuilder object = JSON.createObjectBuilder();
                    members.forEach(member -> object.add(member.getKey(), member.getValue()));
                    return object.build();
                });
    }

    private static JsonValue array(List<JsonValue> elements) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        elements.forEach(array::add);
        return array.build();
    }
}
