package io.tidepool.query.control;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/** SDK API requests in progress, body included (the seed's {@code active_requests}). */
@ApplicationScoped
public class ActiveRequests {

    private final AtomicInteger active = new AtomicInteger();

    public void started() {
        active.incrementAndGet();
    }

    public void finished() {
        active.decrementAndGet();
    }

    public int count() {
        return active.get();
    }
}
