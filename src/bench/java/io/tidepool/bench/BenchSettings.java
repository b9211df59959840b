package io.tidepool.bench;

/**
 * How long and how often each case runs (system properties, so a quick functional run can
 * shorten them: {@code -Dbench.rounds=1 -Dbench.measure=1 -Dbench.warmup.max=4 -Dbench.cold=5}).
 *
 * <p>The warm-up rule: before a case's first round, its load runs in {@code warmupWindow}-second
 * windows until two consecutive windows' p50 differ by less than {@code warmupTolerance}, for at
 * most {@code warmupMaxSeconds}; each round then has a short {@code warmupSeconds} of its own
 * (connections opened, caches filled) before it is measured.
 */
record BenchSettings(int rounds, double warmupSeconds, double measureSeconds, int[] concurrencies,
        double warmupWindow, double warmupTolerance, double warmupMaxSeconds, double coldSeconds,
        int cpuRequests, int failingQueries) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(Integer.getInteger("bench.rounds", 3),
                number("bench.warmup", 2),
                number("bench.measure", 5),
                new int[] {1, 20},
                number("bench.warmup.window", 2),
                number("bench.warmup.tolerance", 0.05),
                number("bench.warmup.max", 60),
                number("bench.cold", 30),
                Integer.getInteger("bench.cpu.requests", 5_000),
                Integer.getInteger("bench.failing", 1_000));
    }

    /** How long each phase of the mixed (ingest + readers) loads is measured. */
    double mixedSeconds() {
        return Math.max(3, measureSeconds * 2);
    }

    private static double number(String property, double fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }
}
