package io.tidepool.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The counters, timers and histograms of a registry that hot paths update, each series looked up in the registry
 * once and then kept: the registry's own lookup (metadata check, tag objects, its map) on every SDK request was
 * 10-15 % of the Java samples of a {@code SELECT 1} (docs/benchmarks.md, tuning log). Holds as many series as the
 * registry does.
 */
public final class MetricSeries {

    private final MetricRegistry registry;
    /** By metric name, then tag names and values in the order given. */
    private final Map<List<String>, Metric> series = new ConcurrentHashMap<>();

    public MetricSeries(MetricRegistry registry) {
        this.registry = registry;
    }

    public Counter counter(Metadata metadata, String... tagNamesAndValues) {
        return lookup(metadata, tagNamesAndValues, registry::counter, Counter.class);
    }

    public Timer timer(Metadata metadata, String... tagNamesAndValues) {
        return lookup(metadata, tagNamesAndValues, registry::timer, Timer.class);
    }

    public Histogram histogram(Metadata metadata, String... tagNamesAndValues) {
        return lookup(metadata, tagNamesAndValues, registry::histogram, Histogram.class);
    }

    private <M extends Metric> M lookup(Metadata metadata, String[] tagNamesAndValues, BiFunction<Metadata, Tag[], M> register,
            Class<M> type) {
        if (tagNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tag names and values come in pairs: " + Arrays.toString(tagNamesAndValues));
        }
        String[] key = new String[tagNamesAndValues.length + 1];
        key[0] = metadata.getName();
        System.arraycopy(tagNamesAndValues, 0, key, 1, tagNamesAndValues.length);
        return type.cast(series.computeIfAbsent(Arrays.asList(key), k -> register.apply(metadata, tags(tagNamesAndValues))));
    }

    private static Tag[] tags(String[] namesAndValues) {
        Tag[] tags = new Tag[namesAndValues.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new Tag(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        return tags;
    }
}
