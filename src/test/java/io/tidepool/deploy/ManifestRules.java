package io.tidepool.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tidepool.platform.Settings;

/**
 * What the Kubernetes manifests in docker/kubernetes must keep true, as a list of problems (empty when it holds):
 * the kinds (a DaemonSet, an OpenLibertyApplication, Services; no Deployment, no embedded Secret); server.xml's
 * OTLP and management ports; MP Health's three probes on the management port; Prometheus' scrape annotations for
 * /metrics on it; the database and script store on a node or claim volume; the credentials secret mounted as
 * Liberty's variable directory and no password written out; a memory limit that holds the heap, DuckDB and every
 * script; and the same probes, environment and resources in both workloads.
 */
public final class ManifestRules {

    static final String CREDENTIALS_SECRET = "tidepool-credentials";
    /** Liberty's variable source directory in the image: ${server.config.dir}/variables. */
    static final String VARIABLES_DIR = "/config/variables";
    /** Measured: the server's RSS beyond the heap (metaspace, code cache, threads, Liberty's native memory). */
    static final long JVM_OUTSIDE_HEAP = 512L << 20;
    static final Set<String> ALLOWED_KINDS = Set.of("DaemonSet", "Service", "OpenLibertyApplication");
    static final Map<String, String> PROBE_PATHS = Map.of("startup", "/health/started", "liveness", "/health/live",
            "readiness", "/health/ready");

    /** A pod's worth of Tidepool as either kind describes it. */
    record Workload(String name, Map<String, Integer> ports, List<Map<String, Object>> env,
            Map<String, Map<String, Object>> probes, Map<String, Object> annotations, List<Map<String, Object>> mounts,
            Map<String, Map<String, Object>> volumes, Map<String, Object> resources) {
    }

    private final ProjectFiles project;

    public ManifestRules(ProjectFiles project) {
        this.project = project;
    }

    public List<String> problems(Map<String, List<Map<String, Object>>> documentsByFile) {
        List<String> problems = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (var file : documentsByFile.entrySet()) {
            for (Map<String, Object> document : file.getValue()) {
                String kind = String.valueOf(document.get("kind"));
                String where = file.getKey() + ": " + kind + " " + YamlTree.string(document, "metadata", "name");
                if (!ALLOWED_KINDS.contains(kind)) {
                    problems.add(where + " is not a DaemonSet, Service or OpenLibertyApplication"
                            + (kind.equals("Secret") ? " (credentials are referenced, never written into a manifest)" : ""));
                    continue;
                }
                noPasswordLiterals(where, document, problems);
                switch (kind) {
                    case "DaemonSet" -> workloads.add(daemonSet(where, document, problems));
                    case "OpenLibertyApplication" -> workloads.add(libertyApplication(where, document, problems));
                    default -> services.add(document);
                }
            }
        }
        for (String required : List.of("DaemonSet", "OpenLibertyApplication")) {
            if (workloads.stream().noneMatch(w -> w.name().contains(": " + required + " "))) {
                problems.add("no " + required + " in docker/kubernetes");
            }
        }
        for (Workload workload : workloads) {
            check(workload, problems);
        }
        sameEverywhere(workloads, problems);
        otlpService(services, workloads, problems);
        return problems;
    }

    private Workload daemonSet(String where, Map<String, Object> document, List<String> problems) {
        Map<String, Object> pod = YamlTree.map(document, "spec", "template");
        Map<String, Object> container = YamlTree.list(pod, "spec", "containers").stream().map(YamlTree::asMap)
                .filter(c -> "tidepool".equals(c.get("name"))).findFirst().orElse(Map.of());
        if (container.isEmpty()) {
            problems.add(where + " has no container named tidepool");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object port : YamlTree.list(container, "ports")) {
            Map<String, Object> p = YamlTree.asMap(port);
            ports.put(String.valueOf(p.get("name")), ((Number) p.get("containerPort")).intValue());
        }
        Map<String, Map<String, Object>> probes = new LinkedHashMap<>();
        for (String probe : PROBE_PATHS.keySet()) {
            probes.put(probe, YamlTree.map(container, probe + "Probe"));
        }
        return new Workload(where, ports, YamlTree.maps(container, "env"), probes, YamlTree.map(pod, "metadata", "annotations"),
                YamlTree.maps(container, "volumeMounts"), byName(YamlTree.maps(pod, "spec", "volumes")), YamlTree.map(container, "resources"));
    }

    private Workload libertyApplication(String where, Map<String, Object> document, List<String> problems) {
        if (!"apps.openliberty.io/v1".equals(document.get("apiVersion"))) {
            problems.add(where + " has apiVersion " + document.get("apiVersion") + ", not apps.openliberty.io/v1");
        }
        Map<String, Object> spec = YamlTree.map(document, "spec");
        Map<String, Object> service = YamlTree.map(spec, "service");
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (service.get("port") instanceof Number port) {
            ports.put(String.valueOf(service.get("portName")), port.intValue());
        }
        for (Map<String, Object> port : YamlTree.maps(service, "ports")) {
            Object target = port.getOrDefault("targetPort", port.get("port"));
            ports.put(String.valueOf(port.get("name")), ((Number) target).intValue());
        }
        Map<String, Map<String, Object>> probes = new LinkedHashMap<>();
        for (String probe : PROBE_PATHS.keySet()) {
            probes.put(probe, YamlTree.map(spec, "probes", probe));
        }
        List<Map<String, Object>> mounts = new ArrayList<>(YamlTree.maps(spec, "volumeMounts"));
        Map<String, Map<String, Object>> volumes = byName(YamlTree.maps(spec, "volumes"));
        String storagePath = YamlTree.string(spec, "statefulSet", "storage", "mountPath");
        if (storagePath != null) {
            mounts.add(Map.of("name", "statefulSet.storage", "mountPath", storagePath));
            volumes.put("statefulSet.storage", Map.of("persistentVolumeClaim", YamlTree.map(spec, "statefulSet", "storage")));
        }
        Workload workload = new Workload(where, ports, YamlTree.maps(spec, "env"), probes, YamlTree.map(document, "metadata", "annotations"),
                mounts, volumes, YamlTree.map(spec, "resources"));
        int management = project.port("tidepool.management.port");
        boolean scraped = YamlTree.maps(spec, "monitoring", "endpoints").stream().anyMatch(e -> "/metrics".equals(e.get("path"))
                && Objects.equals(resolve(workload, e.get("port")), management));
        if (!scraped) {
            problems.add(where + " has no monitoring endpoint for /metrics on the management port " + management);
        }
        return workload;
    }

    private void check(Workload w, List<String> problems) {
        for (String variable : List.of("tidepool.otlp.port", "tidepool.management.port", "tidepool.management.https-port")) {
            int port = project.port(variable);
            if (!w.ports().containsValue(port)) {
                problems.add(w.name() + " does not expose " + port + " (" + variable + " in liberty/server.xml)");
            }
        }
        int management = project.port("tidepool.management.port");
        for (var probe : PROBE_PATHS.entrySet()) {
            Map<String, Object> get = YamlTree.map(w.probes().get(probe.getKey()), "httpGet");
            if (!probe.getValue().equals(get.get("path")) || !Objects.equals(resolve(w, get.get("port")), management)) {
                problems.add(w.name() + ": the " + probe.getKey() + " probe is " + get + ", not GET " + probe.getValue()
                        + " on the management port " + management);
            }
        }
        Map<String, Object> expected = Map.of("prometheus.io/scrape", "true", "prometheus.io/port", String.valueOf(management),
                "prometheus.io/path", "/metrics");
        for (var annotation : expected.entrySet()) {
            if (!annotation.getValue().equals(w.annotations().get(annotation.getKey()))) {
                problems.add(w.name() + ": annotation " + annotation.getKey() + " is " + w.annotations().get(annotation.getKey())
                        + ", not " + annotation.getValue());
            }
        }
        for (String setting : List.of("tidepool.db.path", "tidepool.scripts.store-path")) {
            String path = env(w, setting).orElse(null);
            Optional<Map<String, Object>> mount = w.mounts().stream()
                    .filter(m -> path != null && path.startsWith(String.valueOf(m.get("mountPath")).replaceAll("/?$", "/"))).findFirst();
            Map<String, Object> volume = mount.map(m -> w.volumes().get(String.valueOf(m.get("name")))).orElse(Map.of());
            if (!(volume.containsKey("hostPath") || volume.containsKey("local") || volume.containsKey("persistentVolumeClaim"))) {
                problems.add(w.name() + ": " + Settings.environmentName(setting) + " (" + path + ") is not on a hostPath, "
                        + "local or claimed volume");
            }
        }
        boolean credentials = w.mounts().stream().anyMatch(m -> VARIABLES_DIR.equals(m.get("mountPath"))
                && CREDENTIALS_SECRET.equals(YamlTree.string(w.volumes().getOrDefault(String.valueOf(m.get("name")), Map.of()),
                        "secret", "secretName")));
        if (!credentials) {
            problems.add(w.name() + ": the secret " + CREDENTIALS_SECRET + " is not mounted at " + VARIABLES_DIR);
        }
        memory(w, problems);
    }

    private void memory(Workload w, List<String> problems) {
        String limit = YamlTree.string(w.resources(), "limits", "memory");
        String request = YamlTree.string(w.resources(), "requests", "memory");
        if (limit == null || request == null) {
            problems.add(w.name() + " must request and limit memory");
            return;
        }
        long heap = project.maxHeapBytes();
        long duckdb = Quantities.duckdbBytes(env(w, "tidepool.db.memory-limit").orElse(project.serverVariable("tidepool.db.memory-limit")));
        int scripts = Integer.parseInt(env(w, "tidepool.scripts.max-concurrent")
                .orElse(project.serverVariable("tidepool.scripts.max-concurrent")));
        long perScript = Long.parseLong(env(w, "tidepool.scripts.memory-limit-mb")
                .orElse(project.documentedDefault("tidepool.scripts.memory-limit-mb").orElseThrow())) << 20;
        long needed = heap + JVM_OUTSIDE_HEAP + duckdb + scripts * perScript;
        if (Quantities.kubernetesBytes(limit) < needed) {
            problems.add(w.name() + ": memory limit " + limit + " is below heap " + Quantities.mebibytes(heap) + " + "
                    + Quantities.mebibytes(JVM_OUTSIDE_HEAP) + " outside the heap + DuckDB " + Quantities.mebibytes(duckdb) + " + "
                    + scripts + " scripts x " + Quantities.mebibytes(perScript) + " = " + Quantities.mebibytes(needed));
        }
        if (Quantities.kubernetesBytes(request) > Quantities.kubernetesBytes(limit)) {
            problems.add(w.name() + ": memory request " + request + " is above its limit " + limit);
        }
    }

    /** Every workload against the DaemonSet: same environment, probes and resources. */
    private static void sameEverywhere(List<Workload> workloads, List<String> problems) {
        Workload first = workloads.stream().filter(w -> w.name().contains(": DaemonSet ")).findFirst().orElse(null);
        for (Workload other : workloads) {
            if (first == null || other == first) {
                continue;
            }
            if (!first.env().equals(other.env())) {
                problems.add(other.name() + " sets env " + other.env() + ", " + first.name() + " sets " + first.env());
            }
            if (!first.probes().equals(other.probes())) {
                problems.add(other.name() + " probes " + other.probes() + ", " + first.name() + " probes " + first.probes());
            }
            if (!first.resources().equals(other.resources())) {
                problems.add(other.name() + " has resources " + other.resources() + ", " + first.name() + " has " + first.resources());
            }
        }
    }

    private void otlpService(List<Map<String, Object>> services, List<Workload> workloads, List<String> problems) {
        int otlp = project.port("tidepool.otlp.port");
        Workload daemonSet = workloads.stream().filter(w -> w.name().contains(": DaemonSet ")).findFirst().orElse(null);
        boolean found = services.stream().flatMap(s -> YamlTree.maps(s, "spec", "ports").stream())
                .anyMatch(p -> Objects.equals(((Number) p.get("port")).intValue(), otlp) && daemonSet != null
                        && Objects.equals(resolve(daemonSet, p.get("targetPort")), otlp));
        if (!found) {
            problems.add("no Service sends port " + otlp + " to the agents' OTLP port");
        }
    }

    /** A pod port given by number or by the name of a container port. */
    private static Integer resolve(Workload w, Object port) {
        if (port instanceof Number number) {
            return number.intValue();
        }
        return port == null ? null : w.ports().get(String.valueOf(port));
    }

    private static Optional<String> env(Workload w, String setting) {
        String name = Settings.environmentName(setting);
        return w.env().stream().filter(e -> name.equals(e.get("name"))).map(e -> e.get("value")).filter(Objects::nonNull)
                .map(String::valueOf).findFirst();
    }

    /** A literal password anywhere: a "…password…" key with a plain value, or a PASSWORD variable with a value. */
    private static void noPasswordLiterals(String where, Object node, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            Object name = map.get("name");
            if (name instanceof String n && n.toUpperCase(Locale.ROOT).contains("PASSWORD") && map.containsKey("value")) {
                problems.add(where + ": " + n + " has a literal value; take it from the secret");
            }
            for (var entry : map.entrySet()) {
                if (String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT).contains("password") && !(entry.getValue() instanceof Map)) {
                    problems.add(where + ": " + entry.getKey() + " is written out; reference a secret key instead");
                }
                noPasswordLiterals(where, entry.getValue(), problems);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> noPasswordLiterals(where, item, problems));
        }
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> items) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        items.forEach(item -> byName.put(String.valueOf(item.get("name")), item));
        return byName;
    }
}
