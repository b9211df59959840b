package io.tidepool.ingest.control;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.entity.Mapped;
import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Receipt;
import io.tidepool.ingest.entity.Signal;

/**
 * One OTLP export request from body to commit: read (size-limited, gzip), decode with the official
 * OTLP classes, map to rows, queue them for the single writer and wait for their commit. Both the
 * HTTP endpoints and the demo traffic come through here, so synthetic data takes the real path.
 */
@ApplicationScoped
public class OtlpReceiver {

    private static final Logger LOG = Logger.getLogger(OtlpReceiver.class.getName());

    @Inject
    TelemetryWriter writer;

    @Inject
    IngestMetrics metrics;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.max-body-bytes", defaultValue = "16777216")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.max-attribute-length", defaultValue = "4096")
    int maxAttributeLength;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.ack-timeout", defaultValue = "10s")
    Duration ackTimeout;

    private MetricMapping metricMapping;

    @PostConstruct
    void init() {
        Instant now = Instant.now();
        metricMapping = new MetricMapping(maxAttributeLength, now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /**
     * Stores the valid items of one export request and answers once they are committed.
     *
     * @throws OtlpFailure when the request fails as a whole (undecodable, too large, wrong type,
     *                     queue full, not committed in time)
     */
    public Receipt receive(Signal signal, String contentType, String contentEncoding, InputStream body) {
        OtlpEncoding encoding = OtlpDecoder.encodingOf(signal, contentType);
        byte[] bytes = OtlpBody.read(signal, encoding, body, contentEncoding, maxBodyBytes);
        Mapped mapped = signal == Signal.TRACES
                ? SpanMapping.map(OtlpDecoder.traces(bytes, encoding), maxAttributeLength)
                : metricMapping.map(OtlpDecoder.metrics(bytes, encoding));
        store(signal, encoding, mapped);
        metrics.items(signal, "accepted", mapped.accepted());
        metrics.items(signal, "rejected", mapped.rejected());
        metrics.items(signal, "ignored", mapped.ignored());
        metrics.truncatedValues(mapped.truncated());
        return new Receipt(signal, encoding, mapped.accepted(), mapped.rejected(), mapped.message());
    }

    private void store(Signal signal, OtlpEncoding encoding, Mapped mapped) {
        if (mapped.batch().rows() == 0) {
            return;
        }
        try {
            writer.submit(mapped.batch()).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (QueueFullException e) {
            metrics.items(signal, "refused", mapped.accepted());
            throw new OtlpFailure(signal, 503, encoding, e.getMessage(), 1);
        } catch (TimeoutException e) {
            throw new OtlpFailure(signal, 503, encoding, "the items were not committed within " + ackTimeout.toMillis()
                    + " ms; they may still be stored", 2);
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "Storing {0} {1} failed: {2}", new Object[] {mapped.accepted(), signal.items(),
                e.getCause().getMessage()});
            throw new OtlpFailure(signal, 500, encoding, "the items could not be stored: " + e.getCause().getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtlpFailure(signal, 503, encoding, "interrupted while storing the items", 1);
        }
    }
}
