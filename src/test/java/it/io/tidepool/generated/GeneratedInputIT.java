package it.io.tidepool.generated;

import static it.io.tidepool.support.TidepoolServer.admin;
import static it.io.tidepool.support.TidepoolServer.asAdmin;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static it.io.tidepool.support.TidepoolServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.google.rpc.Status;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.ServerSigns;
import it.io.tidepool.support.TidepoolServer;

/**
 * Generated requests to every public surface — the SDK API, OTLP/HTTP, the script API — from a
 * fixed seed: none may answer 5xx, every error must have its surface's documented shape, the reads
 * must change nothing in the database, and the server must stay healthy with its reader pool intact.
 * A failure names the seed; {@code -Dit.generated.seed=N} replays (or varies) the requests, and
 * {@code -Dit.generated.requests=N} sets how many each surface gets.
 *
 * <p>A new endpoint joins the generator of its surface (see docs/architecture.md).
 */
class GeneratedInputIT {

    static final long SEED = Long.getLong("it.generated.seed", 15L);
    static final int REQUESTS = Integer.getInteger("it.generated.requests", 1_000);
    /** Requests in flight at once: below every limit that answers 503, so a 503 is a finding, not load. */
    static final int CLIENTS = 4;
    static final String MARKER = "gen-marker-" + SEED;

    /** A digest of what no read may change: the catalog, the sandbox settings, and rows this test wrote and no one else touches. */
    static final String CHECKSUM = """
            SELECT (SELECT count(*) || ':' || coalesce(bit_xor(hash(database_name, schema_name, table_name)), 0) FROM duckdb_tables()) AS tables,
                   (SELECT count(*) || ':' || coalesce(bit_xor(hash(table_name, column_name, data_type)), 0) FROM duckdb_columns()) AS columns,
                   (SELECT count(*) FROM duckdb_views() WHERE NOT internal) AS views,
                   (SELECT count(*) FROM duckdb_sequences()) AS sequences,
                   (SELECT count(*) FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal) AS macros,
                   (SELECT count(*) FROM duckdb_databases()) AS databases,
                   (SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM duckdb_settings()
                     WHERE name IN ('enable_external_access', 'lock_configuration', 'autoload_known_extensions',
                                    'autoinstall_known_extensions', 'allow_community_extensions', 'threads')) AS settings,
                   (SELECT count(*) || ':' || coalesce(bit_xor(hash(timestamp, name, severity, data::VARCHAR)), 0)
                      FROM script_events WHERE name LIKE 'gen-marker-%') AS markers""";

    @Test
    void theSdkApiAnswersGeneratedRequestsWithoutA5xxAndTheReadsChangeNothing() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            TidepoolServer.emit(MARKER, Json.createObjectBuilder().add("i", i));
        }
        List<Generated> all = new SdkInputs(new Draw(SEED)).requests(REQUESTS);
        List<Generated> reads = all.stream().filter(g -> !g.request().uri().getPath().equals("/emit")).toList();
        List<Generated> emits = all.stream().filter(g -> g.request().uri().getPath().equals("/emit")).toList();
        PoolSigns pool = PoolSigns.now();
        String before = checksum();

        List<String> findings = new ArrayList<>(sendAll(reads, GeneratedInputIT::sdkFinding));

        assertEquals(before, checksum(), "the generated reads changed the database (seed " + SEED + ")");
        findings.addAll(sendAll(emits, GeneratedInputIT::sdkFinding));
        report("SDK API", all.size(), findings);
        assertHealthy(pool);
    }

    @Test
    void otlpAnswersGeneratedExportsWithoutA5xxAndInTheOtlpErrorShape() throws InterruptedException {
        List<Generated> all = new OtlpInputs(new Draw(SEED)).requests(REQUESTS);
        PoolSigns pool = PoolSigns.now();
        String before = checksum();

        report("OTLP", all.size(), sendAll(all, GeneratedInputIT::otlpFinding));

        assertEquals(before, checksum(), "an export changed the catalog or the marker rows (seed " + SEED + ")");
        assertHealthy(pool);
    }

    @Test
    void theScriptApiAnswersGeneratedRequestsWithoutA5xx() throws InterruptedException {
        List<Generated> all = new ScriptApiInputs(new Draw(SEED)).requests(REQUESTS);
        PoolSigns pool = PoolSigns.now();
        String before = checksum();

        report("script API", all.size(), sendAll(all, GeneratedInputIT::apiFinding));

        assertEquals(before, checksum(), "the script API changed the telemetry database (seed " + SEED + ")");
        assertHealthy(pool);
    }

    @AfterAll
    static void deleteGeneratedScripts() {
        JsonObject list = send(HttpRequest.newBuilder(admin("/scripts")).header("Authorization", asAdmin()).GET()).json();
        for (JsonValue script : list.getJsonArray("scripts")) {
            String name = script.asJsonObject().getString("name");
            if (name.startsWith(ScriptApiInputs.PREFIX)) {
                send(HttpRequest.newBuilder(admin("/scripts/" + name)).header("Authorization", asAdmin()).DELETE());
            }
        }
    }

    /** Sends every request ({@link #CLIENTS} at a time) and returns what was wrong with the answers. */
    private static List<String> sendAll(List<Generated> requests, Function<Answer, String> check) throws InterruptedException {
        Queue<String> findings = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (Generated generated : requests) {
            clients.execute(() -> {
                String finding;
                try {
                    HttpResponse<byte[]> response = TidepoolServer.client().send(generated.request(), HttpResponse.BodyHandlers.ofByteArray());
                    finding = check.apply(new Answer(generated, response));
                } catch (Exception e) {
                    finding = "no answer: " + e;
                }
                if (finding != null) {
                    findings.add(generated.description() + "\n    -> " + finding);
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(5, TimeUnit.MINUTES), "the generated requests did not finish in 5 minutes");
        return new ArrayList<>(findings);
    }

    private static void report(String surface, int sent, List<String> findings) {
        assertTrue(findings.isEmpty(), () -> findings.size() + " of " + sent + " generated requests to the " + surface
                + " were answered wrongly (seed " + SEED + "; replay with -Dit.generated.seed=" + SEED + "):\n"
                + String.join("\n", findings.subList(0, Math.min(25, findings.size()))));
    }

    record Answer(Generated request, HttpResponse<byte[]> response) {
        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        String text() {
            return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        }

        String shown() {
            String text = text();
            return status() + " " + contentType() + " " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    /** SDK and script API: below 500; an error is {"error": {"code": "...", "message": "..."}} as JSON. */
    private static String sdkFinding(Answer answer) {
        if (answer.status() >= 500) {
            return "a server error: " + answer.shown();
        }
        if (answer.status() >= 400 && !answer.request().request().method().equals("HEAD")) {
            return errorShape(answer);
        }
        return null;
    }

    private static String apiFinding(Answer answer) {
        String finding = sdkFinding(answer);
        if (finding == null && answer.status() == 401 && answer.response().headers().firstValue("WWW-Authenticate").isEmpty()) {
            return "401 without WWW-Authenticate: " + answer.shown();
        }
        return finding;
    }

    /**
     * The one refusal no Tidepool code can shape: a request URI that Liberty's HTTP channel rejects
     * before it picks an application (an encoded control character, a dot segment), a 400 in
     * Liberty's own words (documented in docs/api.md).
     */
    static boolean refusedBeforeAnyApplication(Answer answer) {
        return answer.status() == 400 && answer.text().contains("CWWWC0005I");
    }

    private static String errorShape(Answer answer) {
        if (refusedBeforeAnyApplication(answer)) {
            return null;
        }
        if (!answer.contentType().startsWith("application/json")) {
            return "an error that is not JSON: " + answer.shown();
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer.text()))) {
            JsonObject error = reader.readObject().getJsonObject("error");
            if (error == null || !(error.get("code") instanceof JsonString code) || code.getString().isBlank()
                    || !(error.get("message") instanceof JsonString message) || message.getString().isBlank()) {
                return "an error without {\"error\": {\"code\", \"message\"}}: " + answer.shown();
            }
            return null;
        } catch (RuntimeException e) {
            return "an error body that is not a JSON object: " + answer.shown();
        }
    }

    /** OTLP: below 500; an export error is a google.rpc.Status in the request's encoding (protobuf unless JSON was sent). */
    private static String otlpFinding(Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "a server error: " + answer.shown();
        }
        String path = answer.request().request().uri().getPath();
        boolean export = path.matches("/v1/(traces|metrics)/?");
        if (status < 400 || !export || status == 405) {
            return !export && status < 400 ? "a path that is not an export answered " + answer.shown() : null;
        }
        try {
            if (answer.contentType().startsWith("application/json")) {
                JsonObject body = Json.createReader(new StringReader(answer.text())).readObject();
                return body.getString("message", "").isBlank() ? "an OTLP error without a message: " + answer.shown() : null;
            }
            if (!answer.contentType().startsWith("application/x-protobuf")) {
                return "an OTLP error neither protobuf nor JSON: " + answer.shown();
            }
            Status rpc = Status.parseFrom(answer.response().body());
            return rpc.getMessage().isBlank() ? "an OTLP error without a message: " + answer.shown() : null;
        } catch (Exception e) {
            return "an OTLP error that is not a google.rpc.Status (" + e + "): " + answer.shown();
        }
    }

    private static String checksum() {
        Reply reply = query(CHECKSUM);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("rows").getJsonObject(0).toString();
    }

    /** The SDK's /health and MP Health answer UP, and the reader pool lost no connection to a failure. */
    private static void assertHealthy(PoolSigns before) {
        Reply health = get(sdk("/health"));
        assertEquals(200, health.status(), health::toString);
        assertEquals("ok", health.json().getString("status"));
        assertEquals(200, get(management("/health/ready")).status());
        PoolSigns after = PoolSigns.now();
        assertEquals(before.fatal(), after.fatal(), "Liberty dropped a reader connection as broken (seed " + SEED + ")");
        // The pool's own upkeep (idle connections reaped, a 5-minute maximum lifetime) may retire one or two meanwhile.
        assertTrue(after.destroyed() - before.destroyed() <= 2, () -> "reader connections destroyed: "
                + (after.destroyed() - before.destroyed()) + " (seed " + SEED + ")");
    }

    record PoolSigns(long destroyed, long fatal) {
        static PoolSigns now() {
            return new PoolSigns(ServerSigns.readerConnectionsDestroyed(), ServerSigns.fatalConnectionErrors());
        }
    }
}
