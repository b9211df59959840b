package io.tidepool.platform;

/**
 * Fired once, synchronously, when Tidepool stops (see {@link GracefulShutdown}). Each component
 * observes it with one of these priorities, so the steps run in this order: schedules stop firing,
 * script runs are ended and recorded as interrupted, reads in progress finish or are cancelled,
 * and last the writer commits what is queued and checkpoints. Every step refuses new work of its
 * kind from its start (503 with Retry-After).
 *
 * @param reason why the server stops, for the log
 */
public record Stopping(String reason) {

    public static final int SCHEDULES = 100;
    public static final int RUNS = 200;
    public static final int READS = 300;
    public static final int WRITES = 400;
}
