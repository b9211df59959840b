package io.tidepool.query.control;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.control.TelemetryWriter;

/**
 * Answers of the helper endpoints, reused while nothing could have changed them: an answer is
 * keyed by the request and by the writer's data version read <em>before</em> its snapshot opened,
 * so it is served again only until the next commit (or retention run) — never older than the data
 * it would read. Windows are relative to now, so an answer is also reused only within the second it
 * was computed in. Bounded, least recently used first out.
 */
@ApplicationScoped
public class HelperAnswers {

    @Inject
    TelemetryWriter writer;

    @Inject
    QueryMetrics metrics;

    @Inject
    @ConfigProperty(name = "tidepool.query.cache.entries", defaultValue = "1000")
    int capacity;

    private LongSupplier version;
    private Consumer<String> count;
    private Clock clock = Clock.systemUTC();
    private Map<Object, Answer> answers;

    @PostConstruct
    void init() {
        version = writer::dataVersion;
        count = metrics::cache;
        answers = lruOf(capacity);
    }

    /** For tests: a cache over any version source and clock, counting hits, misses and evictions into {@code count}. */
    static HelperAnswers of(int capacity, LongSupplier version, Clock clock, Consumer<String> count) {
        HelperAnswers cache = new HelperAnswers();
        cache.capacity = capacity;
        cache.version = version;
        cache.clock = clock;
        cache.count = count;
        cache.answers = cache.lruOf(capacity);
        return cache;
    }

    /** The answer for {@code key} (compared with equals) computed at the current data version and second, computing it if needed. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> compute) {
        if (capacity <= 0) {
            return compute.get();
        }
        long current = version.getAsLong();
        long second = clock.millis() / 1000;
        Answer known;
        synchronized (answers) {
            known = answers.get(key);
        }
        if (known != null && known.version() == current && known.second() == second) {
            count.accept("hit");
            return (T) known.value();
        }
        count.accept("miss");
        T value = compute.get();
        synchronized (answers) {
            answers.put(key, new Answer(current, second, value));
        }
        return value;
    }

    private Map<Object, Answer> lruOf(int entries) {
        return new LinkedHashMap<>(Math.max(16, entries), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Answer> eldest) {
                boolean full = size() > entries;
                if (full) {
                    count.accept("eviction");
                }
                return full;
            }
        };
    }

    private record Answer(long version, long second, Object value) {
    }
}
