package it.io.tidepool.support;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the test server shows of itself besides its answers: Prometheus metrics, and the incidents
 * and fatal connection errors Liberty records in its logs.
 */
public final class ServerSigns {

    private static final Path LOGS = TidepoolServer.SERVER_DIR.resolve("logs");

    private ServerSigns() {
    }

    /** The sum of every series of {@code name} in {@code scope} whose labels contain {@code labels}. */
    public static double metric(String scope, String name, String labels) {
        double sum = 0;
        for (String line : get(management("/metrics?scope=" + scope)).body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Reader connections the pool has destroyed since the server started. */
    public static long readerConnectionsDestroyed() {
        return (long) metric("vendor", "connectionpool_destroy_total", "datasource=\"jdbc_agentdb_ro\"");
    }

    /** FFDC incident files Liberty has written (one per distinct failure: source, probe and exception). */
    public static long ffdcIncidents() {
        try (Stream<Path> files = Files.list(LOGS.resolve("ffdc"))) {
            return files.filter(file -> file.getFileName().toString().startsWith("ffdc_")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Lines of messages.log in which the connection manager reports a fatal connection error (and destroys it). */
    public static long fatalConnectionErrors() {
        try (Stream<String> lines = Files.lines(LOGS.resolve("messages.log"))) {
            return lines.filter(line -> line.contains("J2CA0056I")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
