package io.tidepool.export.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A directory target (a mounted volume): each file is copied beside its final name and then renamed,
 * which is atomic within one file system, so readers never see half a file.
 */
final class DirectoryTarget implements ExportTarget {

    private final Path root;

    DirectoryTarget(Path root) {
        this.root = root;
    }

    @Override
    public void put(Path file, String key) throws IOException {
        Path destination = root.resolve(key).normalize();
        if (!destination.startsWith(root)) {
            throw new IOException("the key " + key + " leads out of " + root);
        }
        Files.createDirectories(destination.getParent());
        Path partial = destination.resolveSibling("." + destination.getFileName() + ".partial");
        Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return "directory " + root;
    }
}
