package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;

/**
 * The health probe: a trivial query through the same admission, pool and read-only snapshot as a
 * script's query, within the health timeout (2 s by default). It also confirms that the engine's
 * sandbox is in place, since a server whose readers could reach files must not report ready.
 * An outcome is reused for {@value #REUSE_MILLIS} ms: scripts poll the seed's {@code /health}, and
 * one probe a second says as much about the engine as one per request.
 */
@ApplicationScoped
public class SnapshotProbe {

    private static final String PROBE = """
            SELECT current_setting('enable_external_access'), current_setting('lock_configuration')""";

    @Inject
    SnapshotLeases leases;

    @Inject
    QueryLimits limits;

    static final long REUSE_MILLIS = 1000;

    private volatile Outcome last;

    private record Outcome(String problem, long atNanos) {
    }

    /** Null when a read works and the sandbox is intact, otherwise what is wrong. */
    public String problem() {
        Outcome known = last;
        if (known != null && System.nanoTime() - known.atNanos() < REUSE_MILLIS * 1_000_000) {
            return known.problem();
        }
        String problem = probe();
        last = new Outcome(problem, System.nanoTime());
        return problem;
    }

    private String probe() {
        try (SnapshotLease lease = leases.open(limits.healthTimeout(), Caller.INTERNAL);
                LeasedStatement probe = lease.prepare(PROBE);
                ResultSet row = probe.executeTrivialQuery()) {
            row.next();
            if (row.getBoolean(1) || !row.getBoolean(2)) {
                return "the DuckDB sandbox is not in place (external access " + row.getBoolean(1)
                        + ", configuration locked " + row.getBoolean(2) + ")";
            }
            return null;
        } catch (ApiException e) {
            return e.getMessage();
        } catch (SQLException e) {
            return "probe query failed: " + e.getMessage();
        }
    }
}
