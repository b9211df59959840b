package io.tidepool.scripts.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.scripts.entity.Outcome;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.RunState;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Schedule;
import io.tidepool.scripts.entity.Script;

/**
 * Scripts, their schedules and their runs, durable across restarts, in a DuckDB file of their own
 * ({@code jdbc/scriptstore}, a separate DuckDB instance). Everything in the telemetry file is
 * readable by every script through read-only SQL, so sources, run outputs and the like must not live
 * there; the store's file is not attached to that instance and the readers' engine has file access
 * switched off, so no script can reach it. Times are epoch milliseconds: the store's engine has no
 * time-zone setting to depend on.
 */
@ApplicationScoped
public class ScriptStore {

    static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS scripts (
                name              VARCHAR PRIMARY KEY,
                description       VARCHAR,
                source            VARCHAR NOT NULL,
                timeout_ms        BIGINT,
                schedule_every_ms BIGINT,
                schedule_cron     VARCHAR,
                schedule_zone     VARCHAR,
                version           INTEGER NOT NULL,
                created_ms        BIGINT  NOT NULL,
                updated_ms        BIGINT  NOT NULL
            )""", """
            CREATE TABLE IF NOT EXISTS runs (
                id             VARCHAR PRIMARY KEY,
                script         VARCHAR NOT NULL,
                script_version INTEGER NOT NULL,
                trigger        VARCHAR NOT NULL,
                state          VARCHAR NOT NULL,
                outcome        VARCHAR,
                exit_code      INTEGER,
                message        VARCHAR,
                queued_ms      BIGINT  NOT NULL,
                started_ms     BIGINT,
                finished_ms    BIGINT,
                pid            BIGINT,
                events         INTEGER NOT NULL,
                denied         VARCHAR,
                stdout         VARCHAR,
                stdout_bytes   BIGINT  NOT NULL,
                stderr         VARCHAR,
                stderr_bytes   BIGINT  NOT NULL
            )""");

    private static final String SCRIPT_COLUMNS = """
            name, description, source, timeout_ms, schedule_every_ms, schedule_cron, schedule_zone, version, created_ms, updated_ms""";

    private static final String RUN_COLUMNS = """
            id, script, script_version, trigger, state, outcome, exit_code, message, queued_ms, started_ms, finished_ms, pid,
            events, denied, stdout_bytes, stderr_bytes""";

    @Resource(lookup = "jdbc/scriptstore")
    DataSource store;

    @Inject
    @ConfigProperty(name = "tidepool.scripts.store-path")
    String path;

    /** Creates the file's directory (DuckDB does not) and the tables. */
    void createSchema() {
        try {
            Files.createDirectories(Path.of(path).toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the script store " + path, e);
        }
        try (Connection connection = store.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the script store's tables: " + e.getMessage(), e);
        }
    }

    public void insertScript(Script script) {
        update("INSERT INTO scripts (" + SCRIPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, script.name());
            bindScriptSettings(s, 2, script);
            s.setInt(8, script.version());
            s.setLong(9, script.createdAt().toEpochMilli());
            s.setLong(10, script.updatedAt().toEpochMilli());
        });
    }

    /** Replaces everything but the name and creation time. */
    public void updateScript(Script script) {
        update("""
                UPDATE scripts SET description = ?, source = ?, timeout_ms = ?, schedule_every_ms = ?, schedule_cron = ?,
                                   schedule_zone = ?, version = ?, updated_ms = ?
                WHERE name = ?""", s -> {
            bindScriptSettings(s, 1, script);
            s.setInt(7, script.version());
            s.setLong(8, script.updatedAt().toEpochMilli());
            s.setString(9, script.name());
        });
    }

    private static void bindScriptSettings(PreparedStatement s, int first, Script script) throws SQLException {
        s.setString(first, script.description());
        s.setString(first + 1, script.source());
        setLong(s, first + 2, script.timeout() == null ? null : script.timeout().toMillis());
        Schedule schedule = script.schedule();
        setLong(s, first + 3, schedule == null || schedule.isCron() ? null : schedule.every().toMillis());
        s.setString(first + 4, schedule == null ? null : schedule.cron());
        s.setString(first + 5, schedule == null || !schedule.isCron() ? null : schedule.zone().getId());
    }

    /** Deletes a script and every run record of it; false if there was no such script. */
    public boolean deleteScript(String name) {
        try (Connection connection = store.getConnection()) {
            try (PreparedStatement runs = connection.prepareStatement("DELETE FROM runs WHERE script = ?")) {
                runs.setString(1, name);
                runs.executeUpdate();
            }
            try (PreparedStatement script = connection.prepareStatement("DELETE FROM scripts WHERE name = ?")) {
                script.setString(1, name);
                return script.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            throw failure("delete script " + name, e);
        }
    }

    public Optional<Script> findScript(String name) {
        return select("SELECT " + SCRIPT_COLUMNS + " FROM scripts WHERE name = ?", List.of(name), ScriptStore::script).stream()
                .findFirst();
    }

    public List<Script> listScripts() {
        return select("SELECT " + SCRIPT_COLUMNS + " FROM scripts ORDER BY name", List.of(), ScriptStore::script);
    }

    private static Script script(ResultSet row) throws SQLException {
        Long timeout = getLong(row, 4);
        Long every = getLong(row, 5);
        String cron = row.getString(6);
        Schedule schedule = every != null ? new Schedule(Duration.ofMillis(every), null, null)
                : cron != null ? new Schedule(null, cron, ZoneId.of(row.getString(7))) : null;
        return new Script(row.getString(1), row.getString(2), row.getString(3), timeout == null ? null : Duration.ofMillis(timeout),
                schedule, row.getInt(8), Instant.ofEpochMilli(row.getLong(9)), Instant.ofEpochMilli(row.getLong(10)));
    }

    public void insertRun(Run run) {
        update("INSERT INTO runs (" + RUN_COLUMNS + ", stdout, stderr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')", s -> {
            s.setString(1, run.id());
            s.setString(2, run.script());
            s.setInt(3, run.scriptVersion());
            s.setString(4, run.trigger().label());
            bindRunState(s, 5, run);
        });
    }

    public void markRunning(String id, Instant startedAt, long pid) {
        update("UPDATE runs SET state = ?, started_ms = ?, pid = ? WHERE id = ?", s -> {
            s.setString(1, RunState.RUNNING.label());
            s.setLong(2, startedAt.toEpochMilli());
            s.setLong(3, pid);
            s.setString(4, id);
        });
    }

    public void finishRun(Run run, RunOutput output) {
        update("""
                UPDATE runs SET state = ?, outcome = ?, exit_code = ?, message = ?, queued_ms = ?, started_ms = ?, finished_ms = ?,
                                pid = ?, events = ?, denied = ?, stdout_bytes = ?, stderr_bytes = ?, stdout = ?, stderr = ?
                WHERE id = ?""", s -> {
            bindRunState(s, 1, run);
            s.setString(13, output.stdout());
            s.setString(14, output.stderr());
            s.setString(15, run.id());
        });
    }

    /** Binds state, outcome, exit code, message, times, pid, events, denials and output sizes (12 parameters). */
    private static void bindRunState(PreparedStatement s, int first, Run run) throws SQLException {
        s.setString(first, run.state().label());
        s.setString(first + 1, run.outcome() == null ? null : run.outcome().label());
        if (run.exitCode() == null) {
            s.setNull(first + 2, Types.INTEGER);
        } else {
            s.setInt(first + 2, run.exitCode());
        }
        s.setString(first + 3, run.message());
        s.setLong(first + 4, run.queuedAt().toEpochMilli());
        setLong(s, first + 5, run.startedAt() == null ? null : run.startedAt().toEpochMilli());
        setLong(s, first + 6, run.finishedAt() == null ? null : run.finishedAt().toEpochMilli());
        setLong(s, first + 7, run.pid());
        s.setInt(first + 8, run.events());
        JsonArrayBuilder denied = JSON.createArrayBuilder();
        run.denied().forEach(denied::add);
        s.setString(first + 9, denied.build().toString());
        s.setLong(first + 10, run.stdoutBytes());
        s.setLong(first + 11, run.stderrBytes());
    }

    public Optional<Run> findRun(String id) {
        return select("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", List.of(id), ScriptStore::run).stream().findFirst();
    }

    /** Newest first; {@code script} and {@code state} filter when not null. */
    public List<Run> listRuns(String script, RunState state, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE true");
        if (script != null) {
            sql.append(" AND script = ?");
            params.add(script);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.label());
        }
        sql.append(" ORDER BY queued_ms DESC, id DESC LIMIT ?");
        params.add(limit);
        return select(sql.toString(), params, ScriptStore::run);
    }

    /** Runs that were queued or running when the server last stopped. */
    public List<Run> unfinishedRuns() {
        return select("SELECT " + RUN_COLUMNS + " FROM runs WHERE state <> ?", List.of(RunState.FINISHED.label()), ScriptStore::run);
    }

    private <T> List<T> select(String sql, List<Object> params, RowMapper<T> mapper) {
        try (Connection connection = store.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                query.setObject(i + 1, params.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(mapper.map(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("read the script store", e);
        }
    }

    private static Run run(ResultSet row) throws SQLException {
        String outcome = row.getString(6);
        int exitCode = row.getInt(7);
        Integer exit = row.wasNull() ? null : exitCode;
        Long started = getLong(row, 10);
        Long finished = getLong(row, 11);
        return new Run(row.getString(1), row.getString(2), row.getInt(3), RunTrigger.of(row.getString(4)),
                RunState.of(row.getString(5)), outcome == null ? null : Outcome.of(outcome), exit, row.getString(8),
                Instant.ofEpochMilli(row.getLong(9)), started == null ? null : Instant.ofEpochMilli(started),
                finished == null ? null : Instant.ofEpochMilli(finished), getLong(row, 12), row.getInt(13), denied(row.getString(14)),
                row.getLong(15), row.getLong(16));
    }

    private static List<String> denied(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    public Optional<RunOutput> output(String id) {
        return select("SELECT stdout, stdout_bytes, stderr, stderr_bytes FROM runs WHERE id = ?", List.of(id),
                row -> new RunOutput(nullToEmpty(row.getString(1)), row.getLong(2), nullToEmpty(row.getString(3)), row.getLong(4)))
                .stream().findFirst();
    }

    /** Keeps the newest {@code keep} finished runs of a script and deletes the others; returns how many went. */
    public int pruneRuns(String script, int keep) {
        try (Connection connection = store.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM runs WHERE script = ? AND state = ? AND id NOT IN (
                            SELECT id FROM runs WHERE script = ? AND state = ? ORDER BY queued_ms DESC, id DESC LIMIT ?)""")) {
            delete.setString(1, script);
            delete.setString(2, RunState.FINISHED.label());
            delete.setString(3, script);
            delete.setString(4, RunState.FINISHED.label());
            delete.setInt(5, keep);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("prune old runs of " + script, e);
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection connection = store.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("write to the script store", e);
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet row, int index) throws SQLException {
        long value = row.getLong(index);
        return row.wasNull() ? null : value;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }
}
