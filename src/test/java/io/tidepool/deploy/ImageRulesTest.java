package io.tidepool.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageRules} on copies of docker/Dockerfile with one thing broken each, so that every rule is shown to fail.
 * What the build stages produce is stood in for by empty files in a temporary directory, so this runs before
 * `mvn package`; ContainerImageIT holds the real Dockerfile to the real build output.
 */
class ImageRulesTest {

    private static final ProjectFiles PROJECT = ProjectFiles.ofThisRepository();

    @TempDir
    Path built;

    private String dockerfile;

    @BeforeEach
    void standInForTheBuildOutput() throws IOException {
        for (String file : List.of("build/target/tidepool.war", "build/target/liberty-config/lib/duckdb_jdbc.jar",
                "build/target/liberty-config/lib/tidepool-security.jar", "deno/node_modules/deno/deno")) {
            Files.createDirectories(built.resolve(file).getParent());
            Files.createFile(built.resolve(file));
        }
        dockerfile = PROJECT.read("docker/Dockerfile");
    }

    @Test
    void theDockerfileHoldsEveryRuleAgainstABuildThatProducedItsInputs() {
        assertEquals(List.of(), problems(dockerfile));
    }

    @Test
    void aCopiedPathMissingFromTheRepositoryIsNamed() {
        String broken = edit("COPY tools/deno/package.json tools/deno/package-lock.json ./",
                "COPY tools/deno/package.json tools/deno/npm-shrinkwrap.json ./");
        assertEquals(List.of("line " + line(broken, "npm-shrinkwrap") + ": COPY tools/deno/npm-shrinkwrap.json does not exist "
                + "in the repository"), problems(broken));
    }

    @Test
    void aCopiedBuildOutputThatThePackageDidNotProduceIsNamed() throws IOException {
        Files.delete(built.resolve("build/target/tidepool.war"));
        assertEquals(List.of("line " + line(dockerfile, "/src/target/tidepool.war") + ": COPY --from=build "
                + "/src/target/tidepool.war is not produced by the build (no target/tidepool.war after mvn package)"),
                problems(dockerfile));
    }

    @Test
    void theBaseImageIsOpenLibertyOfThePomsRuntimeVersionBuiltInItsDocumentedOrder() {
        String version = PROJECT.pomProperty("liberty.runtime.version");
        assertEquals(List.of("the image is built FROM icr.io/appcafe/open-liberty:25.0.0.12-kernel-slim-java17-openj9-ubi-minimal, "
                + "not icr.io/appcafe/open-liberty:" + version + "-... (pom.xml liberty.runtime.version)"),
                problems(edit("open-liberty:" + version + "-kernel", "open-liberty:25.0.0.12-kernel")));
        assertEquals(List.of("a kernel-slim image needs RUN features.sh to install server.xml's features"),
                problems(edit("RUN features.sh\n", "")));
        assertEquals(List.of("the last RUN of the image is not configure.sh"),
                problems(dockerfile + "RUN rm -rf /tmp/*\n"));
    }

    @Test
    void everyConfigurationFileButServerEnvReachesConfig() {
        List<String> problems = problems(edit(" liberty/jvm.options ", " "));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("the image copies [bootstrap.properties, duckdb-init.sql, server.xml] from liberty/"
                + " to /config/, the server needs [bootstrap.properties, duckdb-init.sql, jvm.options, server.xml"), problems.get(0));
    }

    @Test
    void theLibrariesAndTheWarLandWhereServerXmlLooksForThem() {
        assertEquals(List.of("nothing is copied to /config/lib/duckdb_jdbc.jar, where liberty/server.xml looks for it"),
                problems(edit("/config/lib/duckdb_jdbc.jar", "/config/lib/global/duckdb_jdbc.jar")));
        assertEquals(List.of("nothing is copied to /config/lib/tidepool-security.jar, where liberty/server.xml looks for it"),
                problems(edit(" /config/lib/tidepool-security.jar", " /config/lib/security.jar")));
        assertEquals(List.of("nothing is copied to /config/apps/tidepool.war, where liberty/server.xml looks for it"),
                problems(edit("/config/apps/tidepool.war", "/config/dropins/tidepool.war")));
    }

    @Test
    void exposedPortsAreServerXmlsOtlpAndManagementPortsOnly() {
        assertEquals(List.of("the image exposes [4318, 9003, 9080, 9443], server.xml's OTLP and management ports are "
                + "[4318, 9080, 9443] (the SDK and admin ports stay on loopback)"), problems(edit("EXPOSE 4318", "EXPOSE 9003 4318")));
    }

    @Test
    void theEnvironmentNamesRealSettingsKeepsLoopbackPlanesAndPutsDataOnTheVolume() {
        assertEquals(List.of("ENV TIDEPOOL_OTLP_HOSTNAME sets no variable of liberty/server.xml and no setting of "
                + "docs/configuration.md"), problems(edit("TIDEPOOL_OTLP_HOST=*", "TIDEPOOL_OTLP_HOSTNAME=*")));
        assertEquals(List.of("ENV TIDEPOOL_ADMIN_HOST=* takes tidepool.admin.host off loopback"),
                problems(edit("TIDEPOOL_OTLP_HOST=*", "TIDEPOOL_OTLP_HOST=* TIDEPOOL_ADMIN_HOST=*")));
        assertEquals(List.of("TIDEPOOL_DB_PATH (/opt/ol/wlp/output/agent.db) is not on a VOLUME [/var/lib/tidepool]"),
                problems(edit("TIDEPOOL_DB_PATH=/var/lib/tidepool/agent.db", "TIDEPOOL_DB_PATH=/opt/ol/wlp/output/agent.db")));
        assertEquals(List.of("TIDEPOOL_SCRIPTS_DENO_PATH (/usr/local/bin/deno) is not where the image copies Deno from the deno "
                + "stage"), problems(edit("TIDEPOOL_SCRIPTS_DENO_PATH=/opt/tidepool/deno/deno",
                        "TIDEPOOL_SCRIPTS_DENO_PATH=/usr/local/bin/deno")));
        assertEquals(List.of("no RUN proves that prlimit (util-linux) is in the image"),
                problems(edit("&& prlimit --version", "")));
    }

    @Test
    void noCredentialIsBakedIntoTheImage() {
        String image = "icr.io/appcafe/open-liberty:" + PROJECT.pomProperty("liberty.runtime.version")
                + "-kernel-slim-java17-openj9-ubi-minimal";
        assertEquals(List.of("stage " + image + " sets OTLP_SENDER_PASSWORD: credentials never go into the image"),
                problems(edit("ENV TIDEPOOL_OTLP_HOST=*", "ENV OTLP_SENDER_PASSWORD=changeit TIDEPOOL_OTLP_HOST=*")));
        assertEquals(List.of("stage " + image + " sets KEYSTORE_PASSWORD: credentials never go into the image"),
                problems(edit("ARG TLS=false", "ARG TLS=false\nARG KEYSTORE_PASSWORD")));
    }

    @Test
    void theImageRunsAsTheLibertyImagesNonRootUser() {
        assertEquals(List.of("the image runs as user 'root', not as the Open Liberty image's non-root user 1001"),
                problems(dockerfile + "USER root\n"));
    }

    private List<String> problems(String text) {
        return new ImageRules(PROJECT, Map.of("build", built.resolve("build"), "deno", built.resolve("deno")))
                .problems(Dockerfile.parse(text));
    }

    private String edit(String text, String replacement) {
        assertTrue(dockerfile.contains(text), "docker/Dockerfile no longer contains: " + text);
        return dockerfile.replace(text, replacement);
    }

    private static int line(String text, String snippet) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(snippet)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + snippet);
    }
}
