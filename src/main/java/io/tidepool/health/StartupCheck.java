package io.tidepool.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.tidepool.storage.DatabaseFile;

/** Started once the database file and its schema are ready. */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    @Inject
    DatabaseFile database;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tidepool-database")
                .status(database.isReady())
                .withData("path", database.path().toString())
                .build();
    }
}
