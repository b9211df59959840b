package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CSV fields from the JSON value mapping (RFC 4180 quoting). */
class CsvRowsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "null | ``",
        "42 | 42",
        "`\"9007199254740993\"` | 9007199254740993",
        "true | true",
        "`\"plain\"` | plain",
        "`\"a,b\"` | `\"a,b\"`",
        "`\"say \\\"hi\\\"\"` | `\"say \"\"hi\"\"\"`",
        "`\"two\\nlines\"` | `\"two\nlines\"`",
        "`\"tab\\there \\u0001\"` | `tab\there \u0001`",
        "`\"2024-01-02T03:04:05Z\"` | 2024-01-02T03:04:05Z",
        "`[1,2]` | `\"[1,2]\"`",
        "`{\"k\":\"v\"}` | `\"{\"\"k\"\":\"\"v\"\"}\"`",
        "`\"héllo €\"` | héllo €",
    })
    void writesTheJsonMappingOfAValueAsAField(String json, String csv) {
        TextBuffer out = new TextBuffer(16);
        CsvRows.field(json, out);
        assertEquals(csv, out.toString());
    }
}
