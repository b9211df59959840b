package io.tidepool.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** All Tidepool resources, at the root of the paths the seed's scripts already call. */
@ApplicationPath("/")
public class TidepoolApplication extends Application {
}
