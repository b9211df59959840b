package io.tidepool.ingest.control;

/** The write queue cannot take a batch now; the sender must retry later (backpressure, never a drop). */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String message) {
        super(message, null, false, false);
    }
}
