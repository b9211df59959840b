package io.tidepool.platform;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Checks every setting in {@link Settings} when the application deploys, before any bean exists:
 * an invalid value is a deployment problem, so the application does not start (Liberty's
 * CWWKZ0002E carries the message, as it does for a value MicroProfile Config cannot convert) and
 * no part of Tidepool runs on a configuration it would fail on later. A name that looks like a setting but is
 * none (a misspelling, or a setting of another version) is logged as a warning and does not stop the start: its
 * default applies, as it did before the check existed. Registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 */
public class SettingsCheck implements Extension {

    private static final Logger LOG = Logger.getLogger(SettingsCheck.class.getName());

    void check(@Observes AfterDeploymentValidation event) {
        Config config = ConfigProvider.getConfig(SettingsCheck.class.getClassLoader());
        List<String> problems = Settings.problems(key -> {
            ConfigValue value = config.getConfigValue(key);
            return Optional.ofNullable(value.getValue());
        });
        Settings.unknown(config.getPropertyNames()).forEach(LOG::warning);
        if (!problems.isEmpty()) {
            String message = "Tidepool does not start: " + (problems.size() == 1 ? "a setting is" : problems.size() + " settings are")
                    + " invalid. " + String.join(". ", problems) + ". docs/configuration.md describes every setting.";
            LOG.severe(message);
            event.addDeploymentProblem(new DeploymentException(message));
        }
    }
}
