package io.tidepool.bench;

/**
 * How long and how often each case runs (system properties, so a quick functional run can
 * shorten them: {@code -Dbench.rounds=1 -Dbench.measure=1}).
 */
record BenchSettings(int rounds, double warmupSeconds, double measureSeconds, int[] concurrencies) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(Integer.getInteger("bench.rounds", 3),
                Double.parseDouble(System.getProperty("bench.warmup", "2")),
                Double.parseDouble(System.getProperty("bench.measure", "5")),
                new int[] {1, 20});
    }
}
