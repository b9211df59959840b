package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidepool.scripts.entity.Outcome;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.RunState;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Schedule;
import io.tidepool.scripts.entity.Script;

/** The store's SQL on a real DuckDB file (the same driver the server uses). */
class ScriptStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00.123Z");

    @TempDir
    Path dir;

    private ScriptStore store;
    /** Holds the DuckDB instance open between the store's connections, as the server's pool does. */
    private Connection keeper;

    @BeforeEach
    void createStore() throws SQLException {
        store = new ScriptStore();
        store.path = dir.resolve("data/scripts.db").toString();
        store.store = new FileDataSource("jdbc:duckdb:" + store.path);
        store.createSchema();
        keeper = store.store.getConnection();
        store.createSchema();
    }

    @AfterEach
    void close() throws SQLException {
        keeper.close();
    }

    private static Script script(String name, Schedule schedule) {
        return new Script(name, "about " + name, "console.log('" + name + "')", Duration.ofSeconds(90), schedule, 1, T0, T0);
    }

    private static Run run(String id, String script, RunState state, Instant queued) {
        return new Run(id, script, 1, RunTrigger.MANUAL, state, null, null, null, queued, null, null, null, 0, List.of(), 0, 0);
    }

    private static Run finished(Run run, Outcome outcome) {
        return new Run(run.id(), run.script(), run.scriptVersion(), run.trigger(), RunState.FINISHED, outcome, 1, "why",
                run.queuedAt(), run.queuedAt().plusSeconds(1), run.queuedAt().plusSeconds(2), 4242L, 3,
                List.of("read /etc/passwd", "env HOME"), 5, 6);
    }

    @Test
    void scriptsWithEitherKindOfScheduleRoundTrip() {
        Script every = script("every", Schedule.every(Duration.ofMinutes(1)));
        Script cron = script("cron", new Schedule(null, "0 30 9 * * MON-FRI", ZoneId.of("Europe/Berlin")));
        Script none = new Script("none", null, "1", null, null, 1, T0, T0);
        store.insertScript(every);
        store.insertScript(cron);
        store.insertScript(none);
        assertEquals(every, store.findScript("every").orElseThrow());
        assertEquals(cron, store.findScript("cron").orElseThrow());
        assertEquals(none, store.findScript("none").orElseThrow());
        assertEquals(List.of("cron", "every", "none"), store.listScripts().stream().map(Script::name).toList());
        assertTrue(store.findScript("missing").isEmpty());
    }

    @Test
    void anUpdateReplacesTheDefinition() {
        store.insertScript(script("a", Schedule.every(Duration.ofMinutes(1))));
        Script updated = new Script("a", null, "console.log(2)", null, null, 2, T0, T0.plusSeconds(60));
        store.updateScript(updated);
        assertEquals(updated, store.findScript("a").orElseThrow());
    }

    @Test
    void aRunGoesFromQueuedToRunningToFinishedWithItsOutput() {
        Run queued = run("r1", "a", RunState.QUEUED, T0);
        store.insertRun(queued);
        assertEquals(queued, store.findRun("r1").orElseThrow());
        store.markRunning("r1", T0.plusSeconds(1), 4242);
        Run running = store.findRun("r1").orElseThrow();
        assertEquals(RunState.RUNNING, running.state());
        assertEquals(4242L, running.pid());
        Run done = finished(queued, Outcome.FAILED);
        store.finishRun(done, new RunOutput("out €", 5, "err", 6));
        assertEquals(done, store.findRun("r1").orElseThrow());
        assertEquals(new RunOutput("out €", 5, "err", 6), store.output("r1").orElseThrow());
        assertEquals(new RunOutput("", 0, "", 0), outputOfNewRun());
    }

    private RunOutput outputOfNewRun() {
        store.insertRun(run("r0", "a", RunState.QUEUED, T0));
        return store.output("r0").orElseThrow();
    }

    @Test
    void runsAreListedNewestFirstAndFiltered() {
        store.insertRun(run("r1", "a", RunState.QUEUED, T0));
        store.insertRun(run("r2", "b", RunState.QUEUED, T0.plusSeconds(1)));
        store.insertRun(run("r3", "a", RunState.QUEUED, T0.plusSeconds(2)));
        store.finishRun(finished(run("r1", "a", RunState.QUEUED, T0), Outcome.SUCCEEDED), RunOutput.EMPTY);
        assertEquals(List.of("r3", "r2", "r1"), ids(store.listRuns(null, null, 10)));
        assertEquals(List.of("r3", "r1"), ids(store.listRuns("a", null, 10)));
        assertEquals(List.of("r1"), ids(store.listRuns(null, RunState.FINISHED, 10)));
        assertEquals(List.of("r3"), ids(store.listRuns(null, null, 1)));
        assertEquals(List.of("r2", "r3"), ids(store.unfinishedRuns()).stream().sorted().toList());
    }

    @Test
    void pruningKeepsTheNewestFinishedRunsOfTheScriptOnly() {
        for (int i = 0; i < 5; i++) {
            Run run = run("a" + i, "a", RunState.QUEUED, T0.plusSeconds(i));
            store.insertRun(run);
            store.finishRun(finished(run, Outcome.SUCCEEDED), RunOutput.EMPTY);
        }
        store.insertRun(run("a9", "a", RunState.QUEUED, T0.plusSeconds(9)));
        Run other = run("b0", "b", RunState.QUEUED, T0);
        store.insertRun(other);
        store.finishRun(finished(other, Outcome.SUCCEEDED), RunOutput.EMPTY);
        assertEquals(3, store.pruneRuns("a", 2));
        assertEquals(List.of("a9", "a4", "a3"), ids(store.listRuns("a", null, 10)), "the active run is never pruned");
        assertEquals(List.of("b0"), ids(store.listRuns("b", null, 10)));
    }

    @Test
    void deletingAScriptDeletesItsRuns() {
        store.insertScript(script("a", null));
        store.insertRun(run("r1", "a", RunState.QUEUED, T0));
        store.insertRun(run("r2", "b", RunState.QUEUED, T0));
        assertTrue(store.deleteScript("a"));
        assertFalse(store.deleteScript("a"));
        assertTrue(store.findRun("r1").isEmpty());
        assertTrue(store.findRun("r2").isPresent());
    }

    @Test
    void timesKeepTheirMilliseconds() {
        Instant precise = T0.truncatedTo(ChronoUnit.MILLIS);
        store.insertRun(run("r1", "a", RunState.QUEUED, precise));
        assertEquals(precise, store.findRun("r1").orElseThrow().queuedAt());
    }

    private static List<String> ids(List<Run> runs) {
        return runs.stream().map(Run::id).toList();
    }

    /** Just enough of a DataSource for the store: connections from the DuckDB driver. */
    private record FileDataSource(String url) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // Not used.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // Not used.
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
