package io.tidepool.platform;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Stops Tidepool's work in order ({@link Stopping}) as soon as the server is told to stop.
 *
 * <p>On SIGTERM (a container stop) Liberty first quiesces for up to 30 s: it closes its listeners
 * and waits for the requests in progress, and only then stops the application. A long query kept
 * the JVM alive for its whole deadline that way (measured: 28 s with the default 30 s deadline,
 * 61 s with a 60 s one), past Kubernetes' default grace period of 30 s. So a JVM shutdown hook
 * starts the sequence at once, in parallel with the quiesce; reads then end within
 * {@code tidepool.query.shutdown-grace}, and the quiesce with them. On a stop without SIGTERM
 * ({@code server stop}, an application restart) the sequence runs when the application stops,
 * before any bean is destroyed. It runs once either way.
 */
@ApplicationScoped
public class GracefulShutdown {

    /** Before any of the components it stops start. */
    public static final int STARTUP_PRIORITY = 50;

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());
    /** How long a second caller (the application stop during a SIGTERM) waits for the sequence. */
    private static final Duration SEQUENCE_LIMIT = Duration.ofSeconds(60);

    @Inject
    Event<Stopping> stopping;

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread hook;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
        keepLoggingThroughJvmExit();
        hook = new Thread(this::jvmExiting, "tidepool-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The JVM shutdown hook: the sequence runs on a managed thread (the application's context), the hook waits for it. */
    private void jvmExiting() {
        Thread sequence;
        try {
            sequence = threads.newThread(() -> stop("the JVM is exiting, e.g. on SIGTERM"));
        } catch (RuntimeException e) {
            sequence = new Thread(() -> stop("the JVM is exiting, e.g. on SIGTERM"));
        }
        sequence.setName("tidepool-shutdown");
        sequence.start();
        try {
            sequence.join(SEQUENCE_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void onApplicationStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // The JVM is exiting: the hook has started the sequence, which stop() waits for.
            }
        }
        stop("the application is stopping");
    }

    /** Runs the sequence, or waits for the run in progress to finish. */
    void stop(String reason) {
        if (!begun.compareAndSet(false, true)) {
            try {
                if (!done.await(SEQUENCE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warning(() -> "Tidepool's stop sequence has not finished within " + SEQUENCE_LIMIT.toSeconds()
                            + " s; the application stops regardless.");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        long started = System.nanoTime();
        LOG.info(() -> "Tidepool is stopping because " + reason + ": ending script runs, then reads, then committing "
                + "the write queue.");
        try {
            stopping.fire(new Stopping(reason));
            LOG.info(() -> "Tidepool stopped its work in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms.");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Tidepool's stop sequence failed: " + e, e);
        } finally {
            done.countDown();
        }
    }

    /**
     * The JDK resets java.util.logging from a shutdown hook of its own, which removes the handler
     * through which Liberty writes applications' log records: after a SIGTERM nothing Tidepool
     * logged reached messages.log or the console (observed). Liberty's log manager can turn that
     * reset off; Liberty's own messages do not go through it.
     */
    private static void keepLoggingThroughJvmExit() {
        LogManager manager = LogManager.getLogManager();
        try {
            manager.getClass().getMethod("disableReset").invoke(manager);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.fine(() -> "The log manager " + manager.getClass().getName() + " cannot keep logging through JVM exit: " + e);
        }
    }
}
