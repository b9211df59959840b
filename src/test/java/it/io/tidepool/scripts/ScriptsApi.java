package it.io.tidepool.scripts;

import static it.io.tidepool.support.TidepoolServer.admin;
import static it.io.tidepool.support.TidepoolServer.asAdmin;
import static it.io.tidepool.support.TidepoolServer.send;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Function;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import it.io.tidepool.support.Reply;

/**
 * The script administration API as the script ITs (and the operations ITs) use it, as the
 * administrator, on a server given by a function from path to URI (the shared IT server's admin
 * port, or RestartIT's own server).
 */
public final class ScriptsApi {

    private final Function<String, URI> admin;

    public ScriptsApi(Function<String, URI> admin) {
        this.admin = admin;
    }

    /** The shared IT server. */
    public static ScriptsApi shared() {
        return new ScriptsApi(path -> admin(path));
    }

    URI uri(String path) {
        return admin.apply(path);
    }

    /** A request to the API with the administrator's credentials. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", asAdmin());
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply register(String name, String source) {
        return register(Json.createObjectBuilder().add("name", name).add("source", source));
    }

    Reply register(JsonObjectBuilder definition) {
        return postJson("/scripts", definition.build().toString());
    }

    /** Registers a script and fails the test unless it is created. */
    public void create(String name, String source, String timeout) {
        JsonObjectBuilder definition = Json.createObjectBuilder().add("name", name).add("source", source);
        if (timeout != null) {
            definition.add("timeout", timeout);
        }
        Reply reply = register(definition);
        if (reply.status() != 201) {
            throw new AssertionError("could not register " + name + ": " + reply);
        }
    }

    Reply put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path) {
        return postJson(path, "");
    }

    /** Starts a run and returns its id; fails the test unless it is accepted. */
    public String start(String script) {
        Reply reply = post("/scripts/" + script + "/runs");
        if (reply.status() != 202) {
            throw new AssertionError("run of " + script + " was not accepted: " + reply);
        }
        return reply.json().getString("id");
    }

    public JsonObject run(String id) {
        Reply reply = get("/runs/" + id);
        if (reply.status() != 200) {
            throw new AssertionError("no run " + id + ": " + reply);
        }
        return reply.json();
    }

    /** Polls until the run has finished, and returns it. */
    public JsonObject awaitFinished(String id, Duration timeout) throws InterruptedException {
        return awaitState(id, "finished", timeout);
    }

    JsonObject awaitState(String id, String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject run = run(id);
            if (run.getString("state").equals(state)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " was not " + state + " within " + timeout + ": " + run);
            }
            Thread.sleep(100);
        }
    }

    /** Registers, runs and waits: the finished run. */
    public JsonObject runToEnd(String name, String source, String timeout, Duration wait) throws InterruptedException {
        create(name, source, timeout);
        return awaitFinished(start(name), wait);
    }

    JsonObject output(String id) {
        return get("/runs/" + id + "/output").json();
    }

    /** Deletes a script if it exists (which also stops its runs). */
    public void deleteQuietly(String name) {
        delete("/scripts/" + name);
    }
}
