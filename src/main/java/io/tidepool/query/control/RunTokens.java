package io.tidepool.query.control;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The run tokens that attribute SDK requests to a script. The runner issues one per run, passes it
 * to the script in its environment, and revokes it when the run ends; the SDK sends it as a bearer
 * token. Tokens live only in memory: they are worth nothing after their run, and keeping them out of
 * every database means no script can read another's token through SQL.
 */
@ApplicationScoped
public class RunTokens {

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, RunToken> byToken = new ConcurrentHashMap<>();
    private final Map<String, RunToken> byRun = new ConcurrentHashMap<>();

    public RunToken issue(String scriptId, String runId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        RunToken token = new RunToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), scriptId, runId);
        byToken.put(token.value(), token);
        byRun.put(runId, token);
        return token;
    }

    /** The run a token belongs to, or null when it is unknown or its run has ended. */
    public RunToken resolve(String token) {
        return token == null ? null : byToken.get(token);
    }

    public void revoke(RunToken token) {
        byToken.remove(token.value());
        byRun.remove(token.runId());
    }

    /** Counts an event stored for a run, while its token is valid. */
    public void eventStored(String runId) {
        if (runId != null) {
            RunToken token = byRun.get(runId);
            if (token != null) {
                token.events.incrementAndGet();
            }
        }
    }

    /** Events a run has stored so far, while its token is valid (0 otherwise). */
    public int eventsOf(String runId) {
        RunToken token = byRun.get(runId);
        return token == null ? 0 : token.events();
    }

    /** One run's token and the number of events it has stored so far. */
    public static final class RunToken {
        private final String value;
        private final String scriptId;
        private final String runId;
        private final AtomicInteger events = new AtomicInteger();

        RunToken(String value, String scriptId, String runId) {
            this.value = value;
            this.scriptId = scriptId;
            this.runId = runId;
        }

        public String value() {
            return value;
        }

        public String scriptId() {
            return scriptId;
        }

        public String runId() {
            return runId;
        }

        public int events() {
            return events.get();
        }

        @Override
        public String toString() {
            return "run token of " + scriptId + "/" + runId;
        }
    }
}
