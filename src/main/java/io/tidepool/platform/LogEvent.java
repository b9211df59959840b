package io.tidepool.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.ibm.websphere.logging.hpel.LogRecordContext;

/**
 * One log line that carries named facts besides its sentence. The sentence is logged as always;
 * the facts travel with it as Liberty log record extensions, which Liberty writes into its JSON log
 * format as {@code ext_<name>} members ({@code TIDEPOOL_LOG_FORMAT=json}, docs/operations.md) and
 * leaves out of the human-readable formats. Numbers and booleans get Liberty's type suffix
 * ({@code ext_duration_ms_long}) so that the JSON holds them as numbers, not strings.
 *
 * <pre>{@code
 * LogEvent.named("slow_query").field("endpoint", "/db/query").field("duration_ms", 2412)
 *         .log(LOG, Level.WARNING, () -> "Slow query on /db/query took 2412 ms ...");
 * }</pre>
 *
 * Extensions are per thread, so they are set only around the one logging call and removed after it.
 */
public final class LogEvent {

    /** The member that names the kind of event in every line: {@code ext_event}. */
    public static final String EVENT = "event";

    private final Map<String, String> fields = new LinkedHashMap<>();

    private LogEvent(String event) {
        fields.put(EVENT, event);
    }

    /** An event of this kind ({@code slow_query}, {@code script_run}...): its {@code ext_event}. */
    public static LogEvent named(String event) {
        return new LogEvent(event);
    }

    /** A text fact, {@code ext_<name>}; left out when null. */
    public LogEvent field(String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    /** A whole number, {@code ext_<name>_long}. */
    public LogEvent field(String name, long value) {
        fields.put(name + "_long", Long.toString(value));
        return this;
    }

    /** A yes or no, {@code ext_<name>_bool}. */
    public LogEvent field(String name, boolean value) {
        fields.put(name + "_bool", Boolean.toString(value));
        return this;
    }

    /** The extensions as Liberty receives them (names without the {@code ext_} prefix). */
    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public void log(Logger logger, Level level, Supplier<String> message) {
        log(logger, level, message, null);
    }

    /** Logs the sentence (built only if the level is on) with the facts attached; {@code thrown} may be null. */
    public void log(Logger logger, Level level, Supplier<String> message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        // Named explicitly, or Liberty would name this class as the source of every event (ibm_className).
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.filter(frame -> !frame.getClassName().equals(LogEvent.class.getName())).findFirst())
                .orElseThrow();
        fields.forEach(LogRecordContext::addExtension);
        try {
            if (thrown == null) {
                logger.logp(level, caller.getClassName(), caller.getMethodName(), message);
            } else {
                logger.logp(level, caller.getClassName(), caller.getMethodName(), thrown, message);
            }
        } finally {
            fields.keySet().forEach(LogRecordContext::removeExtension);
        }
    }
}
