package it.io.tidepool.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidepool.deploy.Dockerfile;
import io.tidepool.deploy.ImageRules;
import io.tidepool.deploy.ProjectFiles;

/**
 * docker/Dockerfile against this repository after `mvn package` (no Docker engine needed): what it copies from the
 * build context exists, what it copies from its build stages is what the local build produced (target/tidepool.war,
 * target/liberty-config/lib's shared libraries, target/deno's Deno), and its ports, environment and user match liberty/server.xml.
 */
class ContainerImageIT {

    @Test
    void theDockerfileCopiesOnlyWhatTheRepositoryAndThePackageProvideAndMatchesServerXml() {
        ProjectFiles project = ProjectFiles.ofThisRepository();
        Dockerfile dockerfile = Dockerfile.parse(project.read("docker/Dockerfile"));
        assertEquals(List.of(), ImageRules.forThisRepository(project).problems(dockerfile));
    }
}
