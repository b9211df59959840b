package io.tidepool.demo;

import java.io.ByteArrayInputStream;
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

import com.google.protobuf.Message;

import io.tidepool.ingest.control.OtlpFailure;
import io.tidepool.ingest.control.OtlpReceiver;
import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;
import io.tidepool.ingest.entity.SpanRecord;
import io.tidepool.platform.Stopping;

/**
 * When {@code tidepool.demo.enabled} is true: backfills the last minutes of synthetic telemetry at
 * start-up, then keeps sending about 100 requests per second and a RED interval every 10 s, as
 * OTLP protobuf export requests handed to the same receiver the HTTP endpoints use (in-process:
 * the bytes are decoded, mapped and committed exactly as a sender's would be). Host samples come
 * from the real host sampler, never from the demo.
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
    OtlpReceiver receiver;

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
        // The history is written before the application counts as started, so the server reports ready (and
        // says so on the console) only once a first query finds it. The writer runs on its own thread by now;
        // managed tasks start only after the application has started, so the live traffic is scheduled.
        long now = System.currentTimeMillis() * 1_000_000L;
        try {
            backfill(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Demo traffic could not backfill history; continuing with live traffic: " + e, e);
        }
        nextIntervalEnd = now + INTERVAL_NANOS;
        scheduler.execute(this::start);
        LOG.info(() -> "Demo traffic is on: " + requestsPerSecond + " requests/s across "
                + SyntheticTelemetry.ROUTES.size() + " routes of 5 services, sent as OTLP. Try: curl -s http://" + sdkHost
                + ":" + sdkPort + "/db/query -H 'Content-Type: application/json' -d '{\"sql\": \"SELECT service_name, "
                + "count(*) AS spans FROM otel_spans_local WHERE start_time > now() - INTERVAL 5 MINUTE GROUP BY ALL\"}'");
    }

    private synchronized void start() {
        if (stopped) {
            return;
        }
        ticks = scheduler.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void backfill(long now) {
        long started = System.nanoTime();
        long seconds = backfill.toSeconds();
        for (long s = seconds; s > 0; s -= 10) {
            long end = now - (s - 10) * 1_000_000_000L;
            send(Signal.TRACES, SyntheticOtlp.traces(telemetry.traces(requestsPerSecond * 10, end, INTERVAL_NANOS)));
            send(Signal.METRICS, SyntheticOtlp.httpMetrics(telemetry.flushHttpMetrics(end), INTERVAL_NANOS));
        }
        LOG.info(() -> "Demo traffic backfilled the last " + seconds + " s in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms.");
    }

    private synchronized void tick() {
        try {
            long now = System.currentTimeMillis() * 1_000_000L;
            int requests = (int) Math.max(1, requestsPerSecond * TICK_MILLIS / 1000);
            List<SpanRecord> spans = telemetry.traces(requests, now, TICK_MILLIS * 1_000_000L);
            send(Signal.TRACES, SyntheticOtlp.traces(spans));
            if (now >= nextIntervalEnd) {
                nextIntervalEnd = now + INTERVAL_NANOS;
                send(Signal.METRICS, SyntheticOtlp.httpMetrics(telemetry.flushHttpMetrics(now), INTERVAL_NANOS));
            }
        } catch (OtlpFailure e) {
            LOG.fine(() -> "Demo traffic skipped a tick: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Demo traffic tick failed: " + e, e);
        }
    }

    private void send(Signal signal, Message request) {
        receiver.receive(signal, OtlpEncoding.PROTOBUF.mediaType(), null, new ByteArrayInputStream(request.toByteArray()));
    }

    void onStopping(@Observes @Priority(Stopping.SCHEDULES) Stopping event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
