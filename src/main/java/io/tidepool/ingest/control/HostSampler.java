package io.tidepool.ingest.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
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

import io.tidepool.ingest.entity.SystemMetricRecord;
import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.platform.Stopping;

/**
 * Samples this host's CPU utilisation (averaged over the interval) and memory used and total every
 * {@code tidepool.ingest.host-interval} into {@code system_metrics_local}, tagged
 * {@code "source": "tidepool"} so that {@code /system/*} answer with this host's figures even when
 * senders push their own {@code system.*} metrics. Reads /proc on Linux: it reports the host
 * (the JDK's OperatingSystemMXBean reports the container's cgroup view and counts page cache as
 * used memory); elsewhere it falls back to that bean.
 */
@ApplicationScoped
public class HostSampler {

    public static final String SOURCE = "tidepool";

    private static final Logger LOG = Logger.getLogger(HostSampler.class.getName());
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path PROC_MEMINFO = Path.of("/proc/meminfo");

    @Inject
    TelemetryWriter writer;

    @Resource(lookup = "concurrent/tidepool-scheduler")
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.host-interval", defaultValue = "10s")
    Duration interval;

    private final boolean proc = Files.isReadable(PROC_STAT) && Files.isReadable(PROC_MEMINFO);
    private String attributes;
    private HostReadings.CpuTimes previous;
    private ScheduledFuture<?> ticks;

    void onStart(@Observes @Priority(TelemetryWriter.STARTUP_PRIORITY + 50) @Initialized(ApplicationScoped.class) Object event) {
        attributes = JSON.createObjectBuilder().add("host.name", hostName()).add("source", SOURCE).build().toString();
        previous = cpuTimes();
        // The first sample after one second, so /system/cpu answers soon after start-up.
        ticks = scheduler.scheduleAtFixedRate(this::sample, 1_000, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(() -> "Host sampler started: CPU and memory every " + interval.toMillis() + " ms from "
                + (proc ? "/proc" : "the OperatingSystemMXBean") + ".");
    }

    synchronized void sample() {
        try {
            Instant now = Instant.now();
            long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            List<SystemMetricRecord> rows = new ArrayList<>(3);
            HostReadings.CpuTimes current = cpuTimes();
            OptionalDouble cpu = current == null || previous == null ? osCpuLoad() : current.utilisationSince(previous);
            previous = current;
            cpu.ifPresent(value -> rows.add(new SystemMetricRecord(epochNanos, "system.cpu.utilization", value, "1", attributes)));
            HostReadings.Memory memory = memory();
            rows.add(new SystemMetricRecord(epochNanos, "system.memory.usage", memory.usedBytes(), "By", attributes));
            rows.add(new SystemMetricRecord(epochNanos, "system.memory.total", memory.totalBytes(), "By", attributes));
            writer.submit(new WriteBatch(List.of(), List.of(), rows, List.of()));
        } catch (QueueFullException e) {
            LOG.fine("Host sample skipped: the write queue is full.");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Host sample failed: " + e, e);
        }
    }

    private HostReadings.CpuTimes cpuTimes() {
        if (!proc) {
            return null;
        }
        try {
            return HostReadings.cpu(Files.readString(PROC_STAT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private HostReadings.Memory memory() {
        if (proc) {
            try {
                return HostReadings.memory(Files.readString(PROC_MEMINFO));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Reading /proc/meminfo failed; using the OperatingSystemMXBean", e);
            }
        }
        com.sun.management.OperatingSystemMXBean os = osBean();
        return new HostReadings.Memory(os.getTotalMemorySize(), os.getTotalMemorySize() - os.getFreeMemorySize());
    }

    private static OptionalDouble osCpuLoad() {
        double load = osBean().getCpuLoad();
        return load < 0 ? OptionalDouble.empty() : OptionalDouble.of(load);
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    void onStopping(@Observes @Priority(Stopping.SCHEDULES) Stopping event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
