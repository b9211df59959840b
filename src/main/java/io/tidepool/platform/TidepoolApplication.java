package io.tidepool.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** All Tidepool resources, at the root of the paths the seed's scripts already call. */
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Tidepool", version = "0.1.0",
                description = "Read-only SQL over live telemetry for sandboxed scripts. Three planes on their own ports: "
                        + "the SDK API (loopback, tidepool.sdk.port, default 9003), the script administration API "
                        + "(HTTPS with HTTP Basic, tidepool.admin.port, default 9081) and the OTLP/HTTP receiver "
                        + "(tidepool.otlp.port, default 4318). A path answers only on its plane's port."),
        tags = {
                @Tag(name = "sdk", description = "What scripts call: SQL, helpers, events (SDK port)"),
                @Tag(name = "scripts", description = "Script administration (admin port, administrator or monitor)"),
                @Tag(name = "otlp", description = "OpenTelemetry OTLP/HTTP receiver (OTLP port)")})
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "The administrator (or, to read, the monitor) of the basic registry; see docs/operations.md")
public class TidepoolApplication extends Application {
}
