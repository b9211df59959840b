package io.tidepool.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every manifest of docker/kubernetes, parsed with SnakeYAML and held to {@link ManifestRules}; then each rule is
 * broken once in a copy of the real text, to show it is checked.
 */
class KubernetesManifestsTest {

    private static final ProjectFiles PROJECT = ProjectFiles.ofThisRepository();
    private static final String DAEMON_SET = "tidepool.yaml";
    private static final String OPERATOR = "openliberty-application.yaml";
    private static final String DS = DAEMON_SET + ": DaemonSet tidepool";
    private static final String OLA = OPERATOR + ": OpenLibertyApplication tidepool";

    @Test
    void theManifestsHoldEveryRule() {
        assertEquals(List.of(), new ManifestRules(PROJECT).problems(manifests(Map.of())));
    }

    @Test
    void theManifestsAreADaemonSetAnOperatorApplicationAndTheOtlpService() {
        Set<String> kinds = manifests(Map.of()).values().stream().flatMap(List::stream).map(d -> d.get("kind") + " " +
                YamlTree.string(d, "metadata", "name")).collect(Collectors.toSet());
        assertEquals(Set.of("DaemonSet tidepool", "Service tidepool-otlp", "OpenLibertyApplication tidepool"), kinds);
    }

    @Test
    void anEmbeddedSecretOrADeploymentIsRefused() {
        assertEquals(List.of(DAEMON_SET + ": Secret tidepool-credentials is not a DaemonSet, Service or OpenLibertyApplication"
                + " (credentials are referenced, never written into a manifest)"),
                problemsAfter(DAEMON_SET, "---\n# OTLP receiver", """
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: tidepool-credentials}
                        stringData: {tidepool.security.admin-user: admin}
                        ---
                        # OTLP receiver"""));
        assertEquals(List.of(DAEMON_SET + ": Deployment tidepool is not a DaemonSet, Service or OpenLibertyApplication",
                "no DaemonSet in docker/kubernetes", "no Service sends port 4318 to the agents' OTLP port"),
                problemsAfter(DAEMON_SET, "kind: DaemonSet", "kind: Deployment"));
    }

    @Test
    void theOperatorResourceMustUseTheV1Api() {
        assertEquals(List.of(OLA + " has apiVersion apps.openliberty.io/v1beta2, not apps.openliberty.io/v1"),
                problemsAfter(OPERATOR, "apiVersion: apps.openliberty.io/v1\n", "apiVersion: apps.openliberty.io/v1beta2\n"));
    }

    @Test
    void theOtlpAndManagementPortsAreServerXmls() {
        assertEquals(List.of(DS + " does not expose 4318 (tidepool.otlp.port in liberty/server.xml)",
                "no Service sends port 4318 to the agents' OTLP port"),
                problemsAfter(DAEMON_SET, "{name: otlp-http, containerPort: 4318}", "{name: otlp-http, containerPort: 4317}"));
        assertEquals(List.of(OLA + " does not expose 9443 (tidepool.management.https-port in liberty/server.xml)"),
                problemsAfter(OPERATOR, "      - {name: management-tls, port: 9443, targetPort: 9443}\n", ""));
    }

    @Test
    void eachProbeAsksItsMicroProfileHealthPathOnTheManagementPort() {
        List<String> problems = problemsAfter(DAEMON_SET, "{path: /health/live, port: 9080}", "{path: /health/ready, port: 9080}");
        assertEquals(DS + ": the liveness probe is {path=/health/ready, port=9080}, not GET /health/live on the management port 9080",
                problems.get(0));
        assertTrue(problems.get(1).startsWith(OLA + " probes "), problems::toString);
        assertEquals(2, problems.size(), problems::toString);

        problems = problemsAfter(OPERATOR, "{path: /health/started, port: 9080}", "{path: /health/started, port: 9003}");
        assertEquals(OLA + ": the startup probe is {path=/health/started, port=9003}, not GET /health/started on the "
                + "management port 9080", problems.get(0));
    }

    @Test
    void prometheusIsToldToScrapeMetricsOnTheManagementPort() {
        assertEquals(List.of(DS + ": annotation prometheus.io/port is 9443, not 9080"),
                problemsAfter(DAEMON_SET, "prometheus.io/port: \"9080\"", "prometheus.io/port: \"9443\""));
        assertEquals(List.of(OLA + ": annotation prometheus.io/path is null, not /metrics"),
                problemsAfter(OPERATOR, "    prometheus.io/path: /metrics\n", ""));
        assertEquals(List.of(OLA + " has no monitoring endpoint for /metrics on the management port 9080"),
                problemsAfter(OPERATOR, "path: /metrics\n        scheme", "path: /health\n        scheme"));
    }

    @Test
    void theDatabaseLivesOnTheNodeOrOnAClaim() {
        assertEquals(List.of(DS + ": TIDEPOOL_DB_PATH (/var/lib/tidepool/agent.db) is not on a hostPath, local or claimed volume",
                DS + ": TIDEPOOL_SCRIPTS_STORE_PATH (/var/lib/tidepool/scripts.db) is not on a hostPath, local or claimed volume"),
                problemsAfter(DAEMON_SET, "hostPath: {path: /var/lib/tidepool, type: DirectoryOrCreate}", "emptyDir: {}"));
        List<String> problems = problemsAfter(OPERATOR, "{name: TIDEPOOL_DB_PATH, value: /var/lib/tidepool/agent.db}",
                "{name: TIDEPOOL_DB_PATH, value: /tmp/agent.db}");
        assertEquals(OLA + ": TIDEPOOL_DB_PATH (/tmp/agent.db) is not on a hostPath, local or claimed volume", problems.get(0));
        assertTrue(problems.get(1).startsWith(OLA + " sets env "), problems::toString);
    }

    @Test
    void credentialsComeFromTheSecretAndNoPasswordIsWrittenOut() {
        List<String> problems = problemsAfter(DAEMON_SET, "            - {name: TIDEPOOL_DB_MEMORY_LIMIT, value: 1GB}\n",
                "            - {name: TIDEPOOL_DB_MEMORY_LIMIT, value: 1GB}\n"
                        + "            - {name: TIDEPOOL_SECURITY_ADMIN_PASSWORD, value: changeit}\n");
        assertEquals(DS + ": TIDEPOOL_SECURITY_ADMIN_PASSWORD has a literal value; take it from the secret", problems.get(0));
        assertEquals(List.of(OLA + ": password is written out; reference a secret key instead"),
                problemsAfter(OPERATOR, "password: {name: tidepool-credentials, key: tidepool.security.monitor-password}",
                        "password: changeit"));
        assertEquals(List.of(DS + ": the secret tidepool-credentials is not mounted at /config/variables"),
                problemsAfter(DAEMON_SET, "secret: {secretName: tidepool-credentials}", "secret: {secretName: other}"));
    }

    @Test
    void theMemoryLimitHoldsHeapDuckDbAndEveryScript() {
        List<String> problems = problemsAfter(DAEMON_SET, "limits: {memory: 7680Mi}", "limits: {memory: 4Gi}");
        assertEquals(DS + ": memory limit 4Gi is below heap 1024 MiB + 512 MiB outside the heap + DuckDB 953 MiB + "
                + "5 scripts x 1024 MiB = 7609 MiB", problems.get(0));
        assertTrue(problems.get(1).startsWith(OLA + " has resources "), problems::toString);
        problems = problemsAfter(OPERATOR, "    - {name: TIDEPOOL_DB_MEMORY_LIMIT, value: 1GB}\n", "");
        assertEquals(OLA + ": memory limit 7680Mi is below heap 1024 MiB + 512 MiB outside the heap + DuckDB 1907 MiB + "
                + "5 scripts x 1024 MiB = 8563 MiB", problems.get(0), "without the variable, server.xml's 2GB applies");
        assertTrue(problems.get(1).startsWith(OLA + " sets env "), problems::toString);
        assertEquals(2, problems.size(), problems::toString);
    }

    /** The manifests, with replacements applied to the text of the named files (each replacement must match). */
    private static Map<String, List<Map<String, Object>>> manifests(Map<String, String[]> edits) {
        Map<String, List<Map<String, Object>>> documents = new TreeMap<>();
        try (Stream<Path> files = Files.list(PROJECT.resolve("docker/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String name = file.getFileName().toString();
                String text = Files.readString(file);
                String[] edit = edits.get(name);
                if (edit != null) {
                    assertTrue(text.contains(edit[0]), name + " no longer contains: " + edit[0]);
                    text = text.replace(edit[0], edit[1]);
                }
                documents.put(name, YamlTree.documents(text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static List<String> problemsAfter(String file, String text, String replacement) {
        return new ManifestRules(PROJECT).problems(manifests(Map.of(file, new String[] {text, replacement})));
    }
}
