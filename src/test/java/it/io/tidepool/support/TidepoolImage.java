package it.io.tidepool.support;

import org.microshed.testing.SharedContainerConfiguration;
import org.microshed.testing.testcontainers.ApplicationContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.utility.MountableFile;

import io.tidepool.deploy.ProjectFiles;

/**
 * The container image, built from docker/Dockerfile with this repository as its context, for the contract ITs in
 * {@code mvn verify -Pimage-tests}: the pipeline check of the image about to ship. It runs as the Kubernetes
 * manifests run it, except that the loopback-only planes (SDK, admin) listen on every interface so that the tests
 * reach them through mapped ports, and that it uses the test servers' key store and generated passwords.
 * Nothing here talks to Docker until MicroShed starts the container, so the manual environment (the build's
 * server) loads this class without needing an engine.
 */
public class TidepoolImage implements SharedContainerConfiguration {

    static final int SDK = 9003;
    static final int ADMIN = 9081;
    static final int OTLP = 4318;
    private static final String KEYSTORE_IN_IMAGE = "/config/resources/security/it-key.p12";

    @Container
    public static final ApplicationContainer TIDEPOOL = new ApplicationContainer(
            new ImageFromDockerfile("tidepool-image-test", false)
                    .withFileFromPath(".", ProjectFiles.ofThisRepository().root())
                    .withDockerfilePath("docker/Dockerfile"))
            .withHttpPort(SDK)
            .withAppContextRoot("/")
            .withReadinessPath("/health", 300)
            .withExposedPorts(SDK, ADMIN, OTLP)
            .withEnv("TIDEPOOL_SDK_HOST", "*")
            .withEnv("TIDEPOOL_ADMIN_HOST", "*")
            .withEnv("TIDEPOOL_DEMO_ENABLED", "true")
            .withEnv("TIDEPOOL_SECURITY_ADMIN_PASSWORD", TidepoolServer.credential("admin-password"))
            .withEnv("TIDEPOOL_SECURITY_MONITOR_PASSWORD", TidepoolServer.credential("monitor-password"))
            .withEnv("TIDEPOOL_SECURITY_KEYSTORE_PASSWORD", TidepoolServer.credential("keystore-password"))
            .withEnv("TIDEPOOL_SECURITY_KEYSTORE_PATH", KEYSTORE_IN_IMAGE)
            .withCopyFileToContainer(MountableFile.forHostPath(TidepoolServer.KEYSTORE.toAbsolutePath()), KEYSTORE_IN_IMAGE);

    static TidepoolUnderTest.Planes planes() {
        String host = TIDEPOOL.getHost();
        return new TidepoolUnderTest.Planes("http://" + host + ":" + TIDEPOOL.getMappedPort(SDK),
                "https://" + host + ":" + TIDEPOOL.getMappedPort(ADMIN), "http://" + host + ":" + TIDEPOOL.getMappedPort(OTLP));
    }
}
