package it.io.tidepool.generated;

import static it.io.tidepool.support.TidepoolServer.admin;
import static it.io.tidepool.support.TidepoolServer.asAdmin;
import static it.io.tidepool.support.TidepoolServer.asMonitor;
import static it.io.tidepool.support.TidepoolServer.basic;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Requests to the script API on the admin port: definitions and schedules with fields of any kind
 * and durations of any size, bodies truncated or of other types, every path with names and run ids
 * valid or not, as the administrator, the monitor, a stranger and nobody. Valid scripts are named
 * {@value #PREFIX}... and never run during the test: a schedule that passes is an hour or more
 * away, and runs are only asked of scripts that do not exist.
 */
final class ScriptApiInputs implements Inputs {

    static final String PREFIX = "gen-script-";

    private final Draw draw;

    ScriptApiInputs(Draw draw) {
        this.draw = draw;
    }

    @Override
    public Generated request(int index) {
        String name = name();
        String path;
        String method;
        String body = null;
        switch (draw.between(0, 11)) {
            case 0, 1, 2 -> {
                path = "/scripts";
                method = "POST";
                body = definition(true);
            }
            case 3 -> {
                path = "/scripts/" + encoded(name);
                method = "PUT";
                body = definition(false);
            }
            case 4, 5 -> {
                path = "/scripts/" + encoded(name) + "/schedule";
                method = "PUT";
                body = schedule().toString();
            }
            case 6 -> {
                path = "/scripts/" + encoded(name) + draw.pick("", "/schedule", "/runs?limit=" + encoded(draw.pick("5", "0", "1001", draw.text())));
                method = draw.pick("GET", "DELETE");
            }
            case 7 -> {
                path = "/runs" + query();
                method = "GET";
            }
            case 8 -> {
                path = "/runs/" + encoded(runId()) + draw.pick("", "/output", "/events", "/events?limit=" + encoded(draw.text()),
                        "/output/stream");
                method = "GET";
            }
            case 9 -> {
                path = draw.chance(0.5) ? "/runs/" + encoded(runId()) + "/stop" : "/scripts/" + encoded("gen-absent-" + name) + "/runs";
                method = "POST";
            }
            case 10 -> {
                path = draw.pick("/scripts", "/runs", "/", "/scripts/", "/health", "/db/query", "/v1/traces", "/scripts/a/b/c");
                method = draw.pick("GET", "POST", "PUT", "DELETE", "PATCH");
                body = method.equals("GET") || method.equals("DELETE") ? null : draw.value(2).toString();
            }
            default -> {
                path = draw.pick("/scripts", "/scripts/" + encoded(name));
                method = draw.pick("POST", "PUT");
                body = draw.chance(0.5) ? draw.truncated(definition(true)) : draw.value(3).toString();
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(admin(path));
        String who = draw.pick("admin", "admin", "admin", "admin", "admin", "admin", "monitor", "stranger", "nobody", "garbage");
        switch (who) {
            case "admin" -> request.header("Authorization", asAdmin());
            case "monitor" -> request.header("Authorization", asMonitor());
            case "stranger" -> request.header("Authorization", basic("admin", draw.ascii(8)));
            case "garbage" -> request.header("Authorization", draw.pick("Basic !!!", "Bearer x", "Basic", "Basic " + draw.ascii(6)));
            default -> {
            }
        }
        if (body != null && draw.chance(0.93)) {
            request.header("Content-Type", draw.chance(0.85) ? "application/json"
                    : draw.pick("text/plain", "application/xml", "garbage", "application/json; charset=utf-16"));
        }
        return Generated.of(index, request, method, body == null ? null : body.getBytes(StandardCharsets.UTF_8), true);
    }

    private String name() {
        return draw.chance(0.7) ? PREFIX + draw.between(0, 30) : draw.pick(draw.text(), "a".repeat(65), "-x", ".x", "x y", "é", "1");
    }

    private String definition(boolean withName) {
        JsonObjectBuilder definition = Json.createObjectBuilder();
        if (withName && draw.chance(0.9)) {
            definition.add("name", draw.chance(0.8) ? Json.createValue(name()) : draw.value(1));
        }
        if (draw.chance(0.9)) {
            definition.add("source", draw.chance(0.8) ? Json.createValue(draw.pick("console.log(1);", "export {};", draw.text()))
                    : draw.value(1));
        }
        if (draw.chance(0.4)) {
            definition.add("description", draw.chance(0.8) ? Json.createValue(draw.chance(0.05) ? "d".repeat(5000) : draw.text())
                    : draw.value(1));
        }
        if (draw.chance(0.5)) {
            definition.add("timeout", draw.chance(0.8) ? Json.createValue(draw.duration()) : draw.value(1));
        }
        if (draw.chance(0.4)) {
            definition.add("schedule", schedule());
        }
        return definition.build().toString();
    }

    /** A schedule: when it is valid, its first firing is at least an hour away. */
    private JsonValue schedule() {
        return switch (draw.between(0, 5)) {
            case 0 -> Json.createObjectBuilder().add("every", draw.pick("1h", "2d", "100ms", "0s", "-1m", "99999999h",
                    "9999999999999d", "PT99999999999H", "P36501D", "366d", draw.text())).build();
            case 1 -> Json.createObjectBuilder().add("every", (long) draw.between(1, 1_000_000_000) * 1_000_000 + "d").build();
            case 2 -> Json.createObjectBuilder().add("cron", draw.pick("0 0 1 1 *", "0 0 30 2 *", "0 0 31 4 *", "61 * * * *",
                    "* * * * * * *", "", "@daily", "0 0 29 2 *", draw.text())).add("zone", draw.pick("UTC", "Europe/Berlin", "Mars/Olympus",
                    "", "+25:00", draw.text())).build();
            case 3 -> Json.createObjectBuilder().add("every", "2h").add("cron", "0 0 1 1 *").build();
            case 4 -> JsonValue.NULL;
            default -> draw.value(2);
        };
    }

    private String runId() {
        return draw.pick(draw.text(), "00000000-0000-0000-0000-000000000000", "r-1", String.valueOf(draw.anyLong()), "");
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        for (String name : List.of("script", "state", "limit")) {
            if (draw.chance(0.5)) {
                String value = switch (name) {
                    case "state" -> draw.pick("queued", "running", "finished", "RUNNING", draw.text());
                    case "limit" -> draw.pick("1", "1000", "1001", "0", "-1", "99999999999", draw.text());
                    default -> name();
                };
                query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(encoded(value));
            }
        }
        return query.toString();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
