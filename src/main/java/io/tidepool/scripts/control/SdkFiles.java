package io.tidepool.scripts.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The TypeScript SDK as scripts import it: the WAR carries the modules of src/main/deno as class-path
 * resources, and they are copied to a directory of the work dir at start-up, so the SDK a script
 * gets is always the one built with this server and no script needs the network to load it.
 */
final class SdkFiles {

    static final String RESOURCE_DIRECTORY = "io/tidepool/scripts/sdk/";

    /** Every module of the SDK (its tests and configuration are not shipped); SdkFilesTest keeps this in step with src/main/deno. */
    static final List<String> MODULES = List.of("mod.ts", "client.ts", "db.ts", "metrics.ts", "traces.ts", "system.ts", "emit.ts");

    static final String ENTRY = "mod.ts";

    private SdkFiles() {
    }

    /** Copies the SDK into {@code directory} (replacing an older copy) and returns the directory. */
    static Path install(Path directory) {
        try {
            Files.createDirectories(directory);
            ClassLoader loader = SdkFiles.class.getClassLoader();
            for (String module : MODULES) {
                try (InputStream in = loader.getResourceAsStream(RESOURCE_DIRECTORY + module)) {
                    if (in == null) {
                        throw new IllegalStateException("the SDK module " + module + " is missing from the application");
                    }
                    Files.copy(in, directory.resolve(module), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the SDK into " + directory, e);
        }
    }
}
