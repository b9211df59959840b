package it.io.tidepool.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.Scratch;
import it.io.tidepool.support.TidepoolServer;

/**
 * A second Liberty server of its own (own name, ports and database file), made from the
 * installation and configuration the build laid out for the shared test server, so that a test may
 * kill its JVM without disturbing the other tests. Ports are the shared server's plus a small
 * offset, so parallel builds with their own port sets stay apart.
 */
public final class SecondServer implements AutoCloseable {

    static final String NAME = "tidepool-second";

    final int sdkPort;
    final int managementPort;
    final int httpsPort;
    final int otlpPort;
    public final int adminPort;
    private final String name;

    private final Path template = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/tidepool"));
    private final Path wlp = template.getParent().getParent().getParent();
    private final Path serverDir;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Creates the server directory afresh with these settings on top of the shared server's. */
    public SecondServer(Map<String, String> properties) throws IOException {
        this(NAME, 0, properties);
    }

    /**
     * A server named {@code name} whose ports are {@code portOffset} above the default second server's,
     * for tests that run more than one (the export's two nodes).
     */
    public SecondServer(String name, int portOffset, Map<String, String> properties) throws IOException {
        this.name = name;
        sdkPort = Integer.getInteger("it.sdk.port", 19003) + 1 + portOffset;
        managementPort = Integer.getInteger("it.management.port", 19080) + 2 + portOffset;
        httpsPort = Integer.getInteger("it.management.https.port", 19443) + 1 + portOffset;
        otlpPort = Integer.getInteger("it.otlp.port", 14318) + 1 + portOffset;
        adminPort = Integer.getInteger("it.admin.port", 19081) + 3 + portOffset;
        serverDir = wlp.resolve("usr/servers").resolve(name);
        dataDir = Path.of(System.getProperty("it.data.dir", "target/it-data"))
                .resolveSibling(name.equals(NAME) ? "it-second-data" : "it-" + name + "-data");
        Scratch.deleteTree(serverDir);
        Scratch.deleteTree(dataDir);
        Files.createDirectories(serverDir);
        for (String file : List.of("server.xml", "jvm.options", "server.env", "duckdb-init.sql")) {
            Files.copy(template.resolve(file), serverDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        copyTree(template.resolve("lib"), serverDir.resolve("lib"));
        copyTree(template.resolve("apps"), serverDir.resolve("apps"));
        // The shared server's TLS key (same keystore password): generating one took 25 s on a loaded host.
        Path tlsKey = template.resolve("resources/security/key.p12");
        if (Files.exists(tlsKey)) {
            Files.createDirectories(serverDir.resolve("resources/security"));
            Files.copy(tlsKey, serverDir.resolve("resources/security/key.p12"), StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder bootstrap = new StringBuilder()
                .append("tidepool.sdk.port=").append(sdkPort).append('\n')
                .append("tidepool.management.port=").append(managementPort).append('\n')
                .append("tidepool.management.https-port=").append(httpsPort).append('\n')
                .append("tidepool.otlp.port=").append(otlpPort).append('\n')
                .append("tidepool.admin.port=").append(adminPort).append('\n')
                .append("tidepool.db.path=").append(dbFile()).append('\n')
                .append("bootstrap.include=").append(TidepoolServer.CREDENTIALS.toAbsolutePath()).append('\n');
        properties.forEach((key, value) -> bootstrap.append(key).append('=').append(value).append('\n'));
        Files.writeString(serverDir.resolve("bootstrap.properties"), bootstrap);
    }

    public Path dbFile() {
        return dataDir.toAbsolutePath().resolve("agent.db");
    }

    public URI otlp(String path) {
        return URI.create("http://127.0.0.1:" + otlpPort + path);
    }

    public URI sdk(String path) {
        return URI.create("http://127.0.0.1:" + sdkPort + path);
    }

    /** The admin port (HTTPS): the script API and the MCP server. */
    public URI admin(String path) {
        return URI.create("https://127.0.0.1:" + adminPort + path);
    }

    public URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Starts the server and waits until it reports ready. */
    public void start() throws IOException, InterruptedException {
        start(Duration.ofSeconds(120));
    }

    /** Starts the server and waits up to {@code patience} until it reports ready. */
    public void start(Duration patience) throws IOException, InterruptedException {
        run("start", Math.max(150, patience.toSeconds()));
        long deadline = System.nanoTime() + patience.toNanos();
        while (status(management("/health/ready")) != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server " + name + " did not become ready in " + patience.toSeconds() + " s; see "
                        + serverDir.resolve("logs"));
            }
            Thread.sleep(250);
        }
    }

    /**
     * Starts the server and waits until Liberty reports the application started (CWWKZ0001I) or
     * failed to start (CWWKZ0002E, CWWKZ0004E), without waiting for readiness; returns
     * {@code messages.log} as it is then.
     */
    String startAndAwaitApplication() throws IOException, InterruptedException {
        run("start");
        Path log = logs().resolve("messages.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("CWWKZ0001I") || text.contains("CWWKZ0002E") || text.contains("CWWKZ0004E")) {
                return text;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application neither started nor failed in 120 s; see " + log);
    }

    /** SIGKILL of the server's JVM: no shutdown hook, no checkpoint, no flush. */
    public void kill() throws Exception {
        ProcessHandle process = jvm();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM to the server's JVM, as a container runtime stops it (Kubernetes, {@code docker stop}):
     * the JVM runs its shutdown hooks. Returns how long the JVM took to exit; fails after {@code limit}.
     */
    Duration terminate(Duration limit) throws Exception {
        ProcessHandle process = jvm();
        long sent = System.nanoTime();
        process.destroy();
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the server's JVM did not exit within " + limit + " of SIGTERM; see " + logs());
        }
        return Duration.ofNanos(System.nanoTime() - sent);
    }

    private ProcessHandle jvm() throws IOException {
        long pid = Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid").resolve(name + ".pid")).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
    }

    /** The server's directory (its bootstrap.properties holds the settings it was given). */
    public Path serverDir() {
        return serverDir;
    }

    /** The server's log directory ({@code messages.log}, {@code console.log}). */
    public Path logs() {
        return serverDir.resolve("logs");
    }

    public int status(URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String body(URI uri) {
        return TidepoolServer.get(uri).body();
    }

    /** {@code POST /db/query} on this server. */
    public Reply query(String sql) {
        return TidepoolServer.postJson(sdk("/db/query"), Json.createObjectBuilder().add("sql", sql).build().toString());
    }

    /** Spans stored per batch of {@code service} ({@link OtlpClient#batch} tags each request's resource with its id). */
    Map<String, Long> storedBatches(String service) {
        Reply reply = query("SELECT resource_attributes->>'batch' AS b, count(*) AS n FROM otel_spans_local "
                + "WHERE service_name = '" + service + "' GROUP BY b");
        if (reply.status() != 200) {
            throw new AssertionError("counting stored batches failed: " + reply);
        }
        Map<String, Long> stored = new java.util.HashMap<>();
        for (JsonObject row : reply.json().getJsonArray("rows").getValuesAs(JsonObject.class)) {
            stored.put(row.getString("b"), row.getJsonNumber("n").longValue());
        }
        return stored;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("stop");
    }

    private void run(String action) throws IOException, InterruptedException {
        run(action, 150);
    }

    private void run(String action, long seconds) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        command.environment().put("TZ", "Asia/Kolkata");
        Process process = command.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server " + action + " did not finish in " + seconds + " s");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
