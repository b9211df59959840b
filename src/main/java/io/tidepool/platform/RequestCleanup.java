package io.tidepool.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;

/**
 * Resources a request must release even if its response is never written (a failure between the
 * resource method and the body writer): closed when the request scope ends, after the body.
 */
@RequestScoped
public class RequestCleanup {

    private static final Logger LOG = Logger.getLogger(RequestCleanup.class.getName());

    private final List<AutoCloseable> resources = new ArrayList<>();

    public <T extends AutoCloseable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    @PreDestroy
    void closeAll() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Releasing a request resource failed: {0}", e.toString());
            }
        }
    }
}
