package io.tidepool.scripts.control;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The script runner's settings, from MicroProfile Config (docs/configuration.md). Their values were
 * checked when the application deployed ({@link io.tidepool.platform.Settings}).
 */
@ApplicationScoped
public class ScriptLimits {

    private String denoPath;
    private Path workDir;
    private Duration timeout;
    private int heapMb;
    private int memoryLimitMb;
    private String prlimitPath;
    private int outputLimitBytes;
    private int maxSourceBytes;
    private int runsKept;
    private URI sdkUrl;
    private int maxConcurrent;

    protected ScriptLimits() {
    }

    @Inject
    public ScriptLimits(
            @ConfigProperty(name = "tidepool.scripts.deno-path", defaultValue = "deno") String denoPath,
            @ConfigProperty(name = "tidepool.scripts.work-dir") String workDir,
            @ConfigProperty(name = "tidepool.scripts.timeout", defaultValue = "5m") Duration timeout,
            @ConfigProperty(name = "tidepool.scripts.heap-mb", defaultValue = "512") int heapMb,
            @ConfigProperty(name = "tidepool.scripts.memory-limit-mb", defaultValue = "1024") int memoryLimitMb,
            @ConfigProperty(name = "tidepool.scripts.prlimit-path", defaultValue = "prlimit") String prlimitPath,
            @ConfigProperty(name = "tidepool.scripts.output-limit-bytes", defaultValue = "1048576") int outputLimitBytes,
            @ConfigProperty(name = "tidepool.scripts.max-source-bytes", defaultValue = "262144") int maxSourceBytes,
            @ConfigProperty(name = "tidepool.scripts.runs-kept", defaultValue = "100") int runsKept,
            @ConfigProperty(name = "tidepool.scripts.max-concurrent", defaultValue = "5") int maxConcurrent,
            @ConfigProperty(name = "tidepool.scripts.sdk-url") Optional<String> sdkUrl,
            @ConfigProperty(name = "tidepool.sdk.host", defaultValue = "127.0.0.1") String sdkHost,
            @ConfigProperty(name = "tidepool.sdk.port", defaultValue = "9003") int sdkPort) {
        this.denoPath = denoPath;
        this.workDir = Path.of(workDir).toAbsolutePath();
        this.timeout = timeout;
        this.heapMb = heapMb;
        this.memoryLimitMb = memoryLimitMb;
        this.prlimitPath = prlimitPath;
        this.outputLimitBytes = outputLimitBytes;
        this.maxSourceBytes = maxSourceBytes;
        this.runsKept = runsKept;
        this.maxConcurrent = maxConcurrent;
        this.sdkUrl = URI.create(sdkUrl.orElseGet(() -> "http://" + loopbackHost(sdkHost) + ":" + sdkPort));
    }

    /**
     * The address scripts use to reach the SDK endpoint. A wildcard bind address is not one a client
     * can connect to, and "localhost" may resolve to [::1], where the SDK does not listen: both
     * become 127.0.0.1. Deno matches host names literally, so this one spelling is the only one
     * a script may use.
     */
    static String loopbackHost(String bindHost) {
        String host = bindHost.strip();
        if (host.equals("*") || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                || host.equalsIgnoreCase("localhost") || host.isEmpty()) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public String denoPath() {
        return denoPath;
    }

    /** Where the SDK copy and the per-run directories live. */
    public Path workDir() {
        return workDir;
    }

    /** The server's wall-clock limit; a script may set a shorter one of its own. */
    public Duration timeout() {
        return timeout;
    }

    public int heapMb() {
        return heapMb;
    }

    /** RLIMIT_DATA of a run's process in MiB; 0 means no operating-system limit. */
    public int memoryLimitMb() {
        return memoryLimitMb;
    }

    public String prlimitPath() {
        return prlimitPath;
    }

    public int outputLimitBytes() {
        return outputLimitBytes;
    }

    public int maxSourceBytes() {
        return maxSourceBytes;
    }

    /** Finished runs kept per script; older ones are deleted. */
    public int runsKept() {
        return runsKept;
    }

    /** The SDK API as scripts reach it, e.g. {@code http://127.0.0.1:9003}. */
    public URI sdkUrl() {
        return sdkUrl;
    }

    /** The only network address a script may connect to: the SDK endpoint's host:port. */
    public String sdkHostPort() {
        return sdkUrl.getHost() + ":" + sdkUrl.getPort();
    }

    /** Runs that execute at once (the managed executor's concurrency policy; for messages). */
    public int maxConcurrent() {
        return maxConcurrent;
    }
}
