package it.io.tidepool.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import io.tidepool.deploy.ProjectFiles;

/**
 * target/tidepool.jar as `mvn package` leaves it: a runnable Liberty server with the WAR, the DuckDB shared library
 * and the configuration, whose bootstrap.properties sets no Tidepool setting, since bootstrap properties outrank the
 * environment and TIDEPOOL_SCRIPTS_DENO_PATH, TIDEPOOL_DB_PATH and the rest must work on the machine that runs it.
 */
class RunnableJarIT {

    private static final String SERVER = "wlp/usr/servers/tidepool/";

    @Test
    void theJarCarriesTheServerAndLeavesEverySettingToTheEnvironment() throws IOException {
        Path jar = ProjectFiles.ofThisRepository().resolve("target/tidepool.jar");
        assumeTrue(Files.exists(jar), "the build skipped the runnable jar (-Dtidepool.jar.skip=true)");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertTrue(file.getManifest().getMainAttributes().getValue("Main-Class") != null, "java -jar needs a Main-Class");
            for (String entry : List.of("server.xml", "jvm.options", "duckdb-init.sql", "lib/duckdb_jdbc.jar", "apps/tidepool.war")) {
                assertTrue(file.getEntry(SERVER + entry) != null, "the jar has no " + SERVER + entry);
            }
            assertEquals(null, file.getEntry(SERVER + "apps/tidepool.war.xml"), "a loose application would point at target/");
            assertEquals(null, file.getEntry(SERVER + "data/agent.db"), "a dev run's database went into the jar");
            ZipEntry bootstrap = file.getEntry(SERVER + "bootstrap.properties");
            if (bootstrap != null) {
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(bootstrap)) {
                    properties.load(in);
                }
                assertEquals(List.of(), properties.stringPropertyNames().stream().filter(k -> k.startsWith("tidepool.")).sorted()
                        .toList(), "bootstrap.properties would outrank the environment for these");
            }
        }
    }
}
