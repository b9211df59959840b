package io.tidepool.query.control;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.control.QueueFullException;
import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.ingest.control.WriterStoppedException;
import io.tidepool.ingest.entity.ScriptEventRecord;
import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;
import io.tidepool.query.entity.ScriptEvent;

/** Stores a script's event through the single writer and answers once it is committed. */
@ApplicationScoped
public class EventEmitter {

    @Inject
    TelemetryWriter writer;

    @Inject
    RunTokens tokens;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.ack-timeout", defaultValue = "10s")
    Duration ackTimeout;

    /** Returns the event's timestamp once it is stored, attributed to the caller's script and run if it has them. */
    public Instant emit(ScriptEvent event, Caller caller) {
        Instant now = Instant.now();
        long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ScriptEventRecord record = new ScriptEventRecord(epochNanos, caller.scriptId(), caller.runId(), event.name(), event.severity(),
                event.data().toString());
        try {
            writer.submit(WriteBatch.ofEvent(record)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            tokens.eventStored(caller.runId());
            return now;
        } catch (WriterStoppedException e) {
            throw ApiException.shuttingDown(e.getMessage());
        } catch (QueueFullException e) {
            throw ApiException.overloaded(e.getMessage(), 1);
        } catch (TimeoutException e) {
            throw new ApiException(503, "not_acknowledged", "the event was not committed within " + ackTimeout.toMillis()
                    + " ms; it may still be stored", 1, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WriterStoppedException stopped) {
                throw ApiException.shuttingDown(stopped.getMessage());
            }
            throw new ApiException(500, "write_failed", "the event could not be stored: " + e.getCause().getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "interrupted while storing the event", 1, e);
        }
    }
}
