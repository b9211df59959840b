package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdkFilesTest {

    @Test
    void theShippedModulesAreExactlyTheSdksModules() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/deno"))) {
            List<String> modules = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".ts") && !name.endsWith("_test.ts") && !name.startsWith("_"))
                    .sorted().toList();
            assertEquals(modules, SdkFiles.MODULES.stream().sorted().toList());
        }
    }

    @Test
    void installCopiesTheModulesFromTheClassPath(@TempDir Path dir) throws IOException {
        Path sdk = SdkFiles.install(dir.resolve("sdk"));
        for (String module : SdkFiles.MODULES) {
            assertEquals(Files.readString(Path.of("src/main/deno", module)), Files.readString(sdk.resolve(module)), module);
        }
    }
}
