package it.io.tidepool.support;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.microshed.testing.ApplicationEnvironment;
import org.microshed.testing.ManuallyStartedConfiguration;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses where a contract IT runs and skips it, saying why, when it is to run against the container image ({@code -Pimage-tests}) but no
 * Docker engine answers: the image cannot be built or started, which is a fact of this machine, not a failure of
 * Tidepool; likewise against the runnable jar ({@code -Pjar-tests}) when the build skipped it. Against the build's
 * server it always runs.
 */
public class ContractTarget implements ExecutionCondition, BeforeAllCallback {

    private static final String NO_DOCKER = "-Pimage-tests: no Docker engine answers on this machine, so the image was neither "
            + "built nor tested; run it where one does (docs/operations.md)";
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TidepoolJar.isTarget()) {
            return Files.exists(TidepoolJar.JAR) ? ConditionEvaluationResult.enabled("against " + TidepoolJar.JAR)
                    : ConditionEvaluationResult.disabled("-Pjar-tests: " + TidepoolJar.JAR + " is missing (-Dtidepool.jar.skip=true?)");
        }
        if (ApplicationEnvironment.Resolver.load() instanceof ManuallyStartedConfiguration) {
            return ConditionEvaluationResult.enabled("against the server the build started");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            if (SAID.compareAndSet(false, true)) {
                // Once on the console too: a build log that shows only "Skipped: 23" hides why.
                System.out.println("CONTRACT ITS SKIPPED: " + NO_DOCKER);
            }
            return ConditionEvaluationResult.disabled(NO_DOCKER);
        }
        return ConditionEvaluationResult.enabled("against the container image built from docker/Dockerfile");
    }

    /** Declared before {@code @MicroShedTest}, so this runs first: the jar is up before MicroShed resolves its URL. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (TidepoolJar.isTarget()) {
            TidepoolJar.start();
        }
    }
}
