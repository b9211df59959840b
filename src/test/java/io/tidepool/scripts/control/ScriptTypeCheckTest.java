package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScriptTypeCheckTest {

    @Test
    void reportsEachDiagnosticWithItsLineColumnAndCode() {
        String output = """
                Check bad.ts
                TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.
                const n: number = "x";
                      ^
                    at file:///work/scripts/checks/1234/bad.ts:2:7

                TS2339 [ERROR]: Property 'nope' does not exist on type 'typeof import("file:///work/scripts/sdk/db.ts")'.
                await db.nope();
                         ~~~~
                    at file:///work/scripts/checks/1234/bad.ts:4:10

                Found 2 errors.

                error: Type checking failed.
                """;
        assertEquals(List.of("line 2, column 7: TS2322 Type 'string' is not assignable to type 'number'.",
                "line 4, column 10: TS2339 Property 'nope' does not exist on type 'typeof import(\"file:///work/scripts/sdk/db.ts\")'."),
                ScriptTypeCheck.errors(output));
    }

    @Test
    void reportsAParseErrorWithoutTheServersPaths() {
        String output = "error: The module's source code could not be parsed: Expected ';', got 'x' at "
                + "file:///work/scripts/checks/1234/bad.ts:2:7\n";
        assertEquals(List.of("The module's source code could not be parsed: Expected ';', got 'x' at bad.ts:2:7"),
                ScriptTypeCheck.errors(output));
    }

    @Test
    void keepsAtMostTenErrorsAndCountsTheRest() {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            output.append("TS1005 [ERROR]: ';' expected.\n    at file:///x/s.ts:").append(i).append(":1\n\n");
        }
        List<String> errors = ScriptTypeCheck.errors(output.toString());
        assertEquals(11, errors.size());
        assertEquals("and 2 more", errors.get(10));
    }
}
