package io.tidepool.export.control;

import java.io.IOException;
import java.nio.file.Path;

/** Where export files go: a directory or a bucket. A file appears there whole or not at all. */
interface ExportTarget extends AutoCloseable {

    /** Stores {@code file} under {@code key}, replacing an earlier file of the same key. */
    void put(Path file, String key) throws IOException;

    @Override
    default void close() {
    }
}
