package io.tidepool.query.control;

/**
 * Estimates a quantile from an explicit-bounds histogram, the way Prometheus' histogram_quantile
 * does: find the bucket holding the target rank and interpolate linearly inside it. The first
 * bucket starts at 0; a rank in the open last bucket answers its lower bound, the largest bound.
 */
public final class HistogramQuantile {

    private HistogramQuantile() {
    }

    /**
     * @param bounds upper bounds in ascending order
     * @param counts one count per bucket, {@code bounds.length + 1} of them (the last is +Inf)
     * @param q      the quantile, 0 to 1
     * @return the estimate, or NaN when the histogram is empty
     */
    public static double estimate(long[] bounds, long[] counts, double q) {
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException("expected " + (bounds.length + 1) + " bucket counts, got " + counts.length);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            long inBucket = counts[i];
            if (inBucket > 0 && below + inBucket >= rank) {
                if (i == bounds.length) {
                    return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
                }
                double lower = i == 0 ? 0 : bounds[i - 1];
                double upper = bounds[i];
                return lower + (upper - lower) * ((rank - below) / inBucket);
            }
            below += inBucket;
        }
        return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
    }
}
