package io.tidepool.export.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;

/**
 * What has been exported, per table and window: how many files the window has and the largest commit
 * stamp they hold. A row belongs in a new file exactly when its window is closed and its stamp is
 * above the window's recorded stamp; so after a restart the exporter continues where it stopped,
 * and a late row becomes the window's next file. Kept as a small JSON file replaced atomically
 * (written beside it, synced, renamed), outside the database so scripts never see it as a table.
 */
final class ExportManifest {

    /** A window's files so far and the largest commit stamp in them. */
    record Exported(int files, long stamp) {
    }

    private final Path file;
    private final Map<String, TreeMap<Long, Exported>> tables = new HashMap<>();

    private ExportManifest(Path file) {
        this.file = file;
    }

    /** The manifest in {@code file}, empty when there is none yet. */
    static ExportManifest load(Path file) throws IOException {
        ExportManifest manifest = new ExportManifest(file);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file); JsonReader json = JSON.createReader(reader)) {
                JsonObject root = json.readObject();
                for (String table : root.getJsonObject("tables").keySet()) {
                    JsonObject windows = root.getJsonObject("tables").getJsonObject(table);
                    for (String window : windows.keySet()) {
                        JsonObject entry = windows.getJsonObject(window);
                        manifest.windows(table).put(Long.parseLong(window),
                                new Exported(entry.getInt("files"), entry.getJsonNumber("stamp").longValueExact()));
                    }
                }
            }
        }
        return manifest;
    }

    /** The window starting at {@code windowMicros}, or null when nothing of it was exported. */
    synchronized Exported exported(String table, long windowMicros) {
        return windows(table).get(windowMicros);
    }

    /** Records one more file of the window and saves the manifest before returning. */
    synchronized void record(String table, long windowMicros, long stamp) throws IOException {
        Exported before = windows(table).get(windowMicros);
        windows(table).put(windowMicros, new Exported(before == null ? 1 : before.files() + 1, stamp));
        save();
    }

    /** Forgets windows that started before {@code micros}: retention has deleted their rows. */
    synchronized void forgetBefore(long micros) {
        tables.values().forEach(windows -> windows.headMap(micros).clear());
    }

    /** The end of the latest exported window of {@code table}, 0 when none was. */
    synchronized long latestWindow(String table) {
        TreeMap<Long, Exported> windows = windows(table);
        return windows.isEmpty() ? 0 : windows.lastKey();
    }

    private TreeMap<Long, Exported> windows(String table) {
        return tables.computeIfAbsent(table, name -> new TreeMap<>());
    }

    private void save() throws IOException {
        JsonObjectBuilder all = JSON.createObjectBuilder();
        tables.forEach((table, windows) -> {
            JsonObjectBuilder byWindow = JSON.createObjectBuilder();
            windows.forEach((start, entry) -> byWindow.add(Long.toString(start),
                    JSON.createObjectBuilder().add("files", entry.files()).add("stamp", entry.stamp())));
            all.add(table, byWindow);
        });
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (Writer writer = Files.newBufferedWriter(next); JsonWriter json = JSON.createWriter(writer)) {
            json.writeObject(JSON.createObjectBuilder().add("tables", all).build());
        }
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
