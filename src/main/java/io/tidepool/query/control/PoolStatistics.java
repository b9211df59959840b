package io.tidepool.query.control;

import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The reader pool's figures as Liberty's connection manager reports them (monitor-1.0 publishes
 * the ConnectionPoolStats MBean once the pool has opened its first connection).
 */
@ApplicationScoped
public class PoolStatistics {

    private static final Logger LOG = Logger.getLogger(PoolStatistics.class.getName());

    /** Open, in-use and idle connections of a pool at one moment. */
    public record Figures(long open, long inUse, long idle) {
        static final Figures NONE = new Figures(0, 0, 0);
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    public Figures readers() {
        return of("jdbc/agentdb-ro");
    }

    public Figures of(String jndiName) {
        try {
            ObjectName name = new ObjectName("WebSphere:type=ConnectionPoolStats,name=" + jndiName);
            if (!server.isRegistered(name)) {
                return Figures.NONE;
            }
            long open = number(name, "ManagedConnectionCount");
            long free = number(name, "FreeConnectionCount");
            return new Figures(open, Math.max(0, open - free), free);
        } catch (JMException e) {
            LOG.log(Level.FINE, "Pool statistics for {0} are unavailable: {1}", new Object[] {jndiName, e.getMessage()});
            return Figures.NONE;
        }
    }

    private long number(ObjectName name, String attribute) throws JMException {
        return ((Number) server.getAttribute(name, attribute)).longValue();
    }
}
