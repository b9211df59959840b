package it.io.tidepool.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
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
        return URI.create("http://127.0.0.1:" + ADMIN_PORT + pathAndQuery);
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

    public static HttpClient client() {
        return CLIENT;
    }

    /** Emits an event through the SDK API and fails the test unless it is stored. */
    public static void emit(String name, JsonObjectBuilder data) {
        Reply reply = postJson(sdk("/emit"), Json.createObjectBuilder().add("name", name).add("data", data).build().toString());
        if (reply.status() != 200) {
            throw new AssertionError("emit failed: " + reply);
        }
    }
}
