package io.tidepool.export.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The export's settings (docs/configuration.md, "Export"). */
@ApplicationScoped
public class ExportSettings {

    @Inject
    @ConfigProperty(name = "tidepool.export.target")
    Optional<String> target;

    @Inject
    @ConfigProperty(name = "tidepool.export.window", defaultValue = "5m")
    Duration window;

    @Inject
    @ConfigProperty(name = "tidepool.export.grace", defaultValue = "1m")
    Duration grace;

    @Inject
    @ConfigProperty(name = "tidepool.export.node")
    Optional<String> node;

    @Inject
    @ConfigProperty(name = "tidepool.export.staging-dir")
    String stagingDir;

    @Inject
    @ConfigProperty(name = "tidepool.export.backlog-limit-bytes", defaultValue = "1073741824")
    long backlogLimitBytes;

    @Inject
    @ConfigProperty(name = "tidepool.export.s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "tidepool.export.s3.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "tidepool.export.s3.path-style", defaultValue = "false")
    boolean pathStyle;

    @Inject
    @ConfigProperty(name = "tidepool.export.s3.access-key-id")
    Optional<String> accessKeyId;

    @Inject
    @ConfigProperty(name = "tidepool.export.s3.secret-access-key")
    Optional<String> secretAccessKey;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.retention", defaultValue = "1h")
    Duration retention;

    // Accessors, not fields, for the other classes: this bean is reached through its CDI proxy, whose fields are unset.
    Duration window() {
        return window;
    }

    Duration grace() {
        return grace;
    }

    Duration retention() {
        return retention;
    }

    String stagingDir() {
        return stagingDir;
    }

    long backlogLimitBytes() {
        return backlogLimitBytes;
    }

    public boolean enabled() {
        return target.filter(value -> !value.isBlank()).isPresent();
    }

    /** The node's name as it appears in the {@code node=} partition: letters, digits, {@code . _ -}. */
    String node() {
        String name = node.filter(value -> !value.isBlank()).orElseGet(ExportSettings::hostName);
        return name.strip().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-node";
        }
    }

    ExportTarget createTarget() {
        URI uri = URI.create(target.orElseThrow().strip());
        if ("file".equals(uri.getScheme())) {
            return new DirectoryTarget(java.nio.file.Path.of(uri).toAbsolutePath().normalize());
        }
        return new BucketTarget(uri, endpoint.filter(value -> !value.isBlank()), region, pathStyle, accessKeyId, secretAccessKey);
    }

    /** How often the exporter looks for closed windows: often enough that a window leaves soon after it closes. */
    Duration period() {
        long half = Math.min(window.toMillis(), grace.toMillis()) / 2;
        return Duration.ofMillis(Math.max(1_000, Math.min(30_000, half)));
    }
}
