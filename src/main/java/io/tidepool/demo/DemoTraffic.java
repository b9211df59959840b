package io.tidepool.demo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.control.QueueFullException;
import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.ingest.entity.SpanRecord;
import io.tidepool.ingest.entity.WriteBatch;

/**
 * When {@code tidepool.demo.enabled} is true: backfills the last minutes of synthetic telemetry at
 * start-up, then keeps writing about 100 requests per second, a RED interval every 10 s and host
 * samples every 10 s, so scripts always find recent data.
 */
@ApplicationScoped
public class DemoTraffic {

    private static final Logger LOG = Logger.getLogger(DemoTraffic.class.getName());
    private static final long TICK_MILLIS = 250;
    private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    @Inject
    @ConfigProperty(name = "tidepool.demo.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "tidepool.demo.requests-per-second", defaultValue = "100")
    int requestsPerSecond;

    @Inject
    @ConfigProperty(name = "tidepool.demo.backfill", defaultValue = "10m")
    Duration backfill;

    @Inject
    @ConfigProperty(name = "tidepool.sdk.host", defaultValue = "127.0.0.1")
    String sdkHost;

    @Inject
    @ConfigProperty(name = "tidepool.sdk.port", defaultValue = "9003")
    int sdkPort;

    @Inject
    TelemetryWriter writer;

    @Resource(lookup = "concurrent/tidepool-scheduler")
    ManagedScheduledExecutorService scheduler;

    private final SyntheticTelemetry telemetry = new SyntheticTelemetry(42);
    private ScheduledFuture<?> ticks;
    private boolean stopped;
    private long nextIntervalEnd;

    void onStart(@Observes @Priority(TelemetryWriter.STARTUP_PRIORITY + 100) @Initialized(ApplicationScoped.class) Object event) {
        if (!enabled) {
            return;
        }
        // Managed tasks start only once the application has started, so nothing here may wait for one.
        scheduler.execute(this::start);
        LOG.info(() -> "Demo traffic is on: " + requestsPerSecond + " requests/s across "
                + SyntheticTelemetry.ROUTES.size() + " routes of 5 services. Try: curl -s http://" + sdkHost + ":" + sdkPort
                + "/db/query -H 'Content-Type: application/json' -d '{\"sql\": \"SELECT service_name, count(*) AS spans "
                + "FROM otel_spans_local WHERE start_time > now() - INTERVAL 5 MINUTE GROUP BY ALL\"}'");
    }

    private synchronized void start() {
        if (stopped) {
            return;
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        try {
            backfill(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Demo traffic could not backfill history; continuing with live traffic: " + e, e);
        }
        nextIntervalEnd = now + INTERVAL_NANOS;
        ticks = scheduler.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void backfill(long now) {
        long seconds = backfill.toSeconds();
        for (long s = seconds; s > 0; s -= 10) {
            long end = now - (s - 10) * 1_000_000_000L;
            List<SpanRecord> spans = telemetry.traces(requestsPerSecond * 10, end, INTERVAL_NANOS);
            writer.submit(new WriteBatch(spans, telemetry.flushHttpMetrics(end), telemetry.hostSample(end), List.of())).join();
        }
        LOG.info(() -> "Demo traffic backfilled the last " + seconds + " s.");
    }

    private synchronized void tick() {
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            int requests = (int) Math.max(1, requestsPerSecond * TICK_MILLIS / 1000);
            List<SpanRecord> spans = telemetry.traces(requests, now, TICK_MILLIS * 1_000_000L);
            WriteBatch batch = now >= nextIntervalEnd
                    ? new WriteBatch(spans, telemetry.flushHttpMetrics(now), telemetry.hostSample(now), List.of())
                    : WriteBatch.ofSpans(spans);
            if (now >= nextIntervalEnd) {
                nextIntervalEnd = now + INTERVAL_NANOS;
            }
            writer.submit(batch);
        } catch (QueueFullException e) {
            LOG.fine("Demo traffic skipped a tick: the write queue is full.");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Demo traffic tick failed: " + e, e);
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
