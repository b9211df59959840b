package it.io.tidepool.operations;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The shared IT server's console log ({@code logs/console.log}), which the build switches to JSON
 * with {@code tidepool.log.format=json}: the lines written since this reader was made, one JSON
 * object each.
 */
final class ConsoleLog {

    static final Path FILE = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/tidepool"),
            "logs", "console.log");

    private final long start;

    private ConsoleLog(long start) {
        this.start = start;
    }

    /** Only lines written from now on. */
    static ConsoleLog fromNow() {
        try {
            return new ConsoleLog(Files.size(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON records written since then (lines that are not JSON objects are skipped). */
    List<JsonObject> records() {
        byte[] all;
        try {
            all = Files.readAllBytes(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(Arrays.copyOfRange(all, (int) Math.min(start, all.length), all.length), StandardCharsets.UTF_8);
        return text.lines().filter(line -> line.startsWith("{")).map(ConsoleLog::parse).flatMap(Optional::stream).toList();
    }

    /** Polls until a record matches, for at most {@code timeout}. */
    JsonObject await(String what, Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonObject> found = records().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no JSON record in " + FILE + " within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    /** A record of one of Tidepool's events ({@code ext_event}) whose member {@code name} has this text value. */
    static Predicate<JsonObject> event(String event, String name, String value) {
        return record -> event.equals(record.getString("ext_event", null)) && value.equals(record.getString(name, null));
    }

    private static Optional<JsonObject> parse(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return Optional.of(reader.readObject());
        } catch (JsonException e) {
            // A line still being written when the file was read.
            return Optional.empty();
        }
    }
}
