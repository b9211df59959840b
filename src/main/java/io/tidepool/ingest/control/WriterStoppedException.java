package io.tidepool.ingest.control;

/**
 * The writer has stopped for good (the server is shutting down): a kind of {@link QueueFullException}, since
 * the sender should retry elsewhere or later, but one an API can name as shutting down rather than overloaded.
 */
public class WriterStoppedException extends QueueFullException {

    WriterStoppedException() {
        super("Tidepool is shutting down and takes no more data; retry against another instance or after the restart");
    }
}
