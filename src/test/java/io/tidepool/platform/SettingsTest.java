package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tidepool.storage.Schema;

class SettingsTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path CONFIGURATION_DOC = Path.of("docs/configuration.md");

    private static List<String> problems(Map<String, String> configured) {
        return Settings.problems(key -> Optional.ofNullable(configured.get(key)));
    }

    private static Setting setting(String key) {
        return Settings.ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "tidepool.query.max-rows | abc | tidepool.query.max-rows is \"abc\"; it must be a whole number of at least 1",
        "tidepool.query.max-rows | -5 | tidepool.query.max-rows is \"-5\"; it must be a whole number of at least 1",
        "tidepool.query.max-rows | 3000000000 | tidepool.query.max-rows is \"3000000000\"; it must be a whole number of at most 2147483647",
        "tidepool.query.timeout.sql | soon | tidepool.query.timeout.sql is \"soon\"; it must be a positive whole number followed by "
            + "ms, s, m, h or d (for example 500ms, 30s, 5m, 1h)",
        "tidepool.ingest.retention | 0s | tidepool.ingest.retention is \"0s\"; it must be a positive whole number followed by "
            + "ms, s, m, h or d (for example 500ms, 30s, 5m, 1h)",
        "tidepool.ingest.retention.otel_spans_local | -1m | tidepool.ingest.retention.otel_spans_local is \"-1m\"; it must be a "
            + "positive whole number followed by ms, s, m, h or d (for example 500ms, 30s, 5m, 1h)",
        "tidepool.query.require-token | ture | tidepool.query.require-token is \"ture\"; it must be true or false",
        "tidepool.sdk.port | 70000 | tidepool.sdk.port is \"70000\"; it must be a whole number from 1 to 65535",
        "tidepool.query.max-response-bytes | 100 | tidepool.query.max-response-bytes is \"100\"; it must be a whole number of at least 1024",
        "tidepool.query.cache.entries | -1 | tidepool.query.cache.entries is \"-1\"; it must be a whole number of at least 0",
        "tidepool.scripts.memory-limit-mb | 512 | tidepool.scripts.memory-limit-mb is \"512\"; it must be 0 (no operating-system "
            + "limit) or a whole number of at least 768 (Deno reserves about 600 MB of address space at start)",
        "tidepool.scripts.sdk-url | 127.0.0.1:9003 | tidepool.scripts.sdk-url is \"127.0.0.1:9003\"; it must be an http URL with "
            + "a host and a port, such as http://127.0.0.1:9003",
        "tidepool.db.memory-limit | lots | tidepool.db.memory-limit is \"lots\"; it must be an amount of memory such as 2GB, 512MiB or 80%",
        "tidepool.log.format | xml | tidepool.log.format is \"xml\"; it must be one of SIMPLE, JSON, DEV, TBASIC",
        "tidepool.scripts.deno-path | ' ' | tidepool.scripts.deno-path is \" \"; it must not be empty",
    })
    void anInvalidValueIsNamedWithTheSettingAndWhatItMustBe(String key, String value, String expected) {
        assertEquals(List.of(expected), problems(Map.of(key, value)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "tidepool.query.max-rows | 1",
        "tidepool.query.timeout.sql | PT45S",
        "tidepool.query.require-token | TRUE",
        "tidepool.scripts.memory-limit-mb | 0",
        "tidepool.scripts.memory-limit-mb | 768",
        "tidepool.db.memory-limit | 512MiB",
        "tidepool.db.memory-limit | 1.5 GB",
        "tidepool.db.memory-limit | 80%",
        "tidepool.log.format | json",
        "tidepool.scripts.sdk-url | http://[::1]:9003",
        "tidepool.query.cache.entries | 0",
        "tidepool.security.admin-password | ''",
    })
    void validValuesPass(String key, String value) {
        assertEquals(List.of(), problems(Map.of(key, value)));
    }

    @Test
    void everyInvalidSettingIsReportedNotOnlyTheFirst() {
        assertEquals(List.of("tidepool.query.max-rows is \"-5\"; it must be a whole number of at least 1",
                "tidepool.ingest.retention is \"0s\"; it must be a positive whole number followed by ms, s, m, h or d (for example "
                        + "500ms, 30s, 5m, 1h)"),
                problems(Map.of("tidepool.ingest.retention", "0s", "tidepool.query.max-rows", "-5")));
    }

    @Test
    void aScriptsShareOfQuerySlotsCannotExceedThePool() {
        String expected = "tidepool.query.slots-per-script is \"%s\"; it must be at most tidepool.db.reader-pool-size (%s): one "
                + "script's share of the query slots cannot be more than all of them";
        assertEquals(List.of(expected.formatted("21", "20")), problems(Map.of("tidepool.query.slots-per-script", "21")));
        assertEquals(List.of(expected.formatted("4", "2")), problems(Map.of("tidepool.db.reader-pool-size", "2")));
        assertEquals(List.of(), problems(Map.of("tidepool.db.reader-pool-size", "2", "tidepool.query.slots-per-script", "2")));
        assertEquals(List.of("tidepool.db.reader-pool-size is \"x\"; it must be a whole number of at least 1"),
                problems(Map.of("tidepool.db.reader-pool-size", "x")), "no second message about a value that is not a number");
    }

    @Test
    void anExportWindowMustCloseBeforeRetentionDeletesItsRows() {
        assertEquals(List.of("tidepool.export.window (59m) plus tidepool.export.grace (1m) must be shorter than "
                + "tidepool.ingest.retention (1h): a window is exported only after it closes, and retention would delete its rows first"),
                problems(Map.of("tidepool.export.target", "s3://bucket/p", "tidepool.export.window", "59m", "tidepool.export.grace", "1m",
                        "tidepool.ingest.retention", "1h")));
        assertEquals(List.of(), problems(Map.of("tidepool.export.target", "s3://bucket/p", "tidepool.export.window", "5m")));
        assertEquals(List.of(), problems(Map.of("tidepool.ingest.retention", "2m")), "no export, no constraint");
        assertEquals(List.of("tidepool.export.target is \"ftp://x\"; it must be empty (export off), file:///<directory> or s3://<bucket>/<prefix>"),
                problems(Map.of("tidepool.export.target", "ftp://x")));
    }

    @Test
    void everyDefaultIsValid() {
        for (Setting setting : Settings.ALL) {
            if (setting.defaultValue() != null) {
                assertNull(setting.check(setting.defaultValue()), setting.key());
            }
        }
        assertEquals(List.of(), problems(Map.of()));
    }

    @Test
    void everyTableHasItsOwnRetentionSetting() {
        for (String table : Schema.TABLES) {
            setting("tidepool.ingest.retention." + table);
        }
    }

    @Test
    void aMisspeltKeyOrVariableIsNamedWithTheSettingItWasMeantFor() {
        assertEquals(List.of("TIDEPOOL_QUERY_MAX_ROW is not a Tidepool setting and is ignored; did you mean TIDEPOOL_QUERY_MAX_ROWS?",
                "tidepool.query.max-row is not a Tidepool setting and is ignored; did you mean tidepool.query.max-rows?",
                "tidepool.scrips.timeout is not a Tidepool setting and is ignored; did you mean tidepool.scripts.timeout?"),
                Settings.unknown(List.of("tidepool.scrips.timeout", "tidepool.query.max-row", "TIDEPOOL_QUERY_MAX_ROW",
                        "tidepool.query.max-row")));
    }

    @Test
    void aNameFarFromEverySettingPointsToTheDocumentation() {
        assertEquals(List.of("tidepool.frobnicate is not a Tidepool setting and is ignored (docs/configuration.md lists every setting)"),
                Settings.unknown(List.of("tidepool.frobnicate")));
    }

    @Test
    void settingsTheirVariablesDerivedVariablesAndOtherNamesAreNotReported() {
        List<String> names = new ArrayList<>(List.of("tidepool.db.url", "PATH", "TZ", "mp.openapi.scan.disable", "wlp.install.dir"));
        for (Setting setting : Settings.ALL) {
            names.add(setting.key());
            names.add(Settings.environmentName(setting.key()));
        }
        assertEquals(List.of(), Settings.unknown(names));
        assertEquals("TIDEPOOL_INGEST_RETENTION_OTEL_SPANS_LOCAL", Settings.environmentName("tidepool.ingest.retention.otel_spans_local"));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, Settings.editDistance("port", "port"));
        assertEquals(1, Settings.editDistance("prt", "port"));
        assertEquals(1, Settings.editDistance("ports", "port"));
        assertEquals(2, Settings.editDistance("prot", "port"));
        assertEquals(4, Settings.editDistance("", "port"));
    }

    /**
     * The check is only as good as the catalogue: every {@code @ConfigProperty} in the application
     * must be in it, with the same default, or its values go unchecked.
     */
    @Test
    void everyConfigPropertyInTheCodeIsCataloguedWithItsDefault() throws Exception {
        Map<String, Set<String>> defaultsInCode = configPropertiesInCode();
        assertTrue(defaultsInCode.size() > 40, "found the application's settings: " + defaultsInCode.keySet());
        for (Map.Entry<String, Set<String>> property : defaultsInCode.entrySet()) {
            if (Settings.isDerived(property.getKey())) {
                continue;
            }
            Setting setting = setting(property.getKey());
            for (String codeDefault : property.getValue()) {
                assertEquals(codeDefault, setting.defaultValue(), "default of " + property.getKey());
            }
        }
    }

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingIsChecked() throws IOException {
        String doc = Files.readString(CONFIGURATION_DOC);
        Matcher rows = Pattern.compile("(?m)^\\| `(tidepool\\.[^`]+)`").matcher(doc);
        Set<String> documented = new TreeSet<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        Set<String> catalogued = Settings.ALL.stream().map(Setting::key)
                .map(key -> key.startsWith("tidepool.ingest.retention.") ? "tidepool.ingest.retention.<table>" : key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(catalogued, documented);
    }

    /** Each {@code @ConfigProperty} key in the compiled application, with the defaults the code gives it. */
    private static Map<String, Set<String>> configPropertiesInCode() throws Exception {
        Map<String, Set<String>> found = new HashMap<>();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/tidepool"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, SettingsTest.class.getClassLoader()));
            }
        }
        for (Class<?> type : classes) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            for (Executable executable : executables) {
                for (Parameter parameter : executable.getParameters()) {
                    elements.add(parameter);
                }
            }
            for (AnnotatedElement element : elements) {
                ConfigProperty property = element.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    Set<String> defaults = found.computeIfAbsent(property.name(), k -> new TreeSet<>());
                    if (!property.defaultValue().equals(ConfigProperty.UNCONFIGURED_VALUE)) {
                        defaults.add(property.defaultValue());
                    }
                }
            }
        }
        return found;
    }
}
