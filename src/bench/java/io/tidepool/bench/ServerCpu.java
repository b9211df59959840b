package io.tidepool.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the server's JVM has used (user + system, from {@code /proc/<pid>/stat}), so the
 * benchmark can say what a request costs the server whatever else shares the machine. The pid
 * comes from the pid file Liberty writes for the server ({@code wlp/usr/servers/.pid/<name>.pid}),
 * else from the process whose command line names this build's server directory.
 */
final class ServerCpu {

    private final long pid;
    private final double secondsPerTick;

    private ServerCpu(long pid, double secondsPerTick) {
        this.pid = pid;
        this.secondsPerTick = secondsPerTick;
    }

    static ServerCpu of(Path serverDir) throws Exception {
        Path pidFile = serverDir.getParent().resolve(".pid").resolve(serverDir.getFileName() + ".pid");
        long pid;
        if (Files.exists(pidFile)) {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } else {
            String needle = serverDir.toAbsolutePath().getParent().getParent().toString();
            pid = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(needle) && c.contains("ws-server")).orElse(false))
                    .findFirst().map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("no server process for " + serverDir));
        }
        return new ServerCpu(pid, 1.0 / clockTicksPerSecond());
    }

    long pid() {
        return pid;
    }

    /** Seconds of CPU the server has used since it started. */
    double seconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th, stime the 15th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * secondsPerTick;
    }

    /**
     * Milliseconds of server CPU per request: {@code requests} sent one after another on one
     * connection, less what the server burns idle (its samplers and timers) over the same time,
     * measured for two seconds just before.
     */
    double millisPerRequest(KeepAliveConnection connection, RawRequest request, int requests) throws Exception {
        double idleStart = seconds();
        long idleFrom = System.nanoTime();
        Thread.sleep(2_000);
        double idlePerSecond = (seconds() - idleStart) / ((System.nanoTime() - idleFrom) / 1e9);
        double start = seconds();
        long from = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            connection.ok(request);
        }
        double wall = (System.nanoTime() - from) / 1e9;
        return Math.max(0, seconds() - start - idlePerSecond * wall) * 1000 / requests;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100; // Linux's USER_HZ everywhere the benchmark runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
