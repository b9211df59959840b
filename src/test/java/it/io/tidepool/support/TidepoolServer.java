package it.io.tidepool.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The Tidepool server the build started (liberty-maven-plugin around failsafe), reached over real
 * HTTP on the ports failsafe passes as system properties.
 */
public final class TidepoolServer {

    public static final int SDK_PORT = Integer.getInteger("it.sdk.port", 19003);
    public static final int MANAGEMENT_PORT = Integer.getInteger("it.management.port", 19080);
    public static final int OTLP_PORT = Integer.getInteger("it.otlp.port", 14318);
    public static final int ADMIN_PORT = Integer.getInteger("it.admin.port", 19081);
    public static final int MANAGEMENT_HTTPS_PORT = Integer.getInteger("it.management.https.port", 19443);
    public static final Path SERVER_DIR = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/tidepool"));
    /** The management credentials the build generated (tools/credentials) for the test servers. */
    public static final Path CREDENTIALS = Path.of(System.getProperty("it.credentials.file", "target/credentials.properties"));
    /** The TLS key store Liberty generated for the test server; the other test servers are pointed at it too. */
    public static final Path KEYSTORE = SERVER_DIR.resolve("resources/security/key.p12");

    private static final SSLContext TLS = trustingTestServers();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(TLS)
            .build();

    private TidepoolServer() {
    }

    public static URI sdk(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + SDK_PORT + pathAndQuery);
    }

    public static URI management(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + pathAndQuery);
    }

    public static URI otlp(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + OTLP_PORT + pathAndQuery);
    }

    public static URI admin(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + ADMIN_PORT + pathAndQuery);
    }

    public static URI managementHttps(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + MANAGEMENT_HTTPS_PORT + pathAndQuery);
    }

    /** A generated credential: {@code admin-password}, {@code monitor-password} or {@code keystore-password}. */
    public static String credential(String name) {
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(CREDENTIALS)) {
            credentials.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Objects.requireNonNull(credentials.getProperty("tidepool.security." + name), name + " in " + CREDENTIALS);
    }

    /** The {@code Authorization} header value of HTTP Basic for a user of the basic registry. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The administrator's {@code Authorization} header (user {@code admin}, the server.xml default). */
    public static String asAdmin() {
        return basic("admin", credential("admin-password"));
    }

    /** The monitor's {@code Authorization} header (user {@code monitor}). */
    public static String asMonitor() {
        return basic("monitor", credential("monitor-password"));
    }

    /** {@code POST /db/query} with {@code {"sql": sql}}. */
    public static Reply query(String sql) {
        return query(Json.createObjectBuilder().add("sql", sql).build());
    }

    /** {@code POST /db/query} with {@code {"sql": sql, "params": params}}. */
    public static Reply query(String sql, JsonArray params) {
        return query(Json.createObjectBuilder().add("sql", sql).add("params", params).build());
    }

    public static Reply query(JsonObject body) {
        return postJson(sdk("/db/query"), body.toString());
    }

    /** The rows of a query that must succeed. */
    public static JsonArray rows(String sql) {
        Reply reply = query(sql);
        if (reply.status() != 200) {
            throw new AssertionError("query failed: " + sql + " -> " + reply);
        }
        return reply.json().getJsonArray("rows");
    }

    /** The first column of the first row of a query that must succeed, as JSON. */
    public static JsonObject firstRow(String sql) {
        return rows(sql).getJsonObject(0);
    }

    public static Reply get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public static Reply postJson(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** TLS that trusts exactly the test servers' certificate, for clients built elsewhere (the MCP SDK's client). */
    public static SSLContext tls() {
        return TLS;
    }

    public static HttpClient client() {
        return CLIENT;
    }

    /** A client that keeps cookies, as a browser would (form login). */
    public static HttpClient clientWithCookies() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .sslContext(TLS).cookieHandler(new java.net.CookieManager()).build();
    }

    /** Trusts exactly the certificate in the test server's key store, so TLS is verified as a real client would. */
    private static SSLContext trustingTestServers() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trust managers for exactly the certificate in the test server's key store (for clients that take no SSLContext). */
    public static TrustManager[] trustManagers() {
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, credential("keystore-password").toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException("the test server's key store " + KEYSTORE + " is not readable", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Emits an event through the SDK API and fails the test unless it is stored. */
    public static void emit(String name, JsonObjectBuilder data) {
        Reply reply = postJson(sdk("/emit"), Json.createObjectBuilder().add("name", name).add("data", data).build().toString());
        if (reply.status() != 200) {
            throw new AssertionError("emit failed: " + reply);
        }
    }
}
