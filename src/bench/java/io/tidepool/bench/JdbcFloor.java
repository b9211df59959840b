package io.tidepool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The floor: each query class run in-process over JDBC on the benchmark file, with the server's
 * DuckDB settings, by 1 and by 20 threads (one connection each). A request is what the server must
 * do at the least: execute a statement prepared once per connection (as the server's statement
 * cache does), read every value of every row.
 */
public final class JdbcFloor {

    private JdbcFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path serverXml = Path.of(args[1]);
        Path out = Path.of(args[2]);
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Instant end = Instant.parse(Json.createReader(Files.newBufferedReader(file.resolveSibling("dataset.json")))
                .readObject().getString("end"));
        String url = ServerDatabaseUrl.resolve(serverXml, file);
        List<Connection> connections = new ArrayList<>();
        List<Map<String, PreparedStatement>> prepared = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            connections.add(DriverManager.getConnection(url));
            prepared.add(new HashMap<>());
        }
        JsonObjectBuilder results = Json.createObjectBuilder();
        try (Statement version = connections.get(0).createStatement(); ResultSet row = version.executeQuery("SELECT version()")) {
            row.next();
            results.add("duckdb_version", row.getString(1));
        }
        for (QueryClass query : QueryClass.all(end)) {
            JsonObjectBuilder byConcurrency = Json.createObjectBuilder();
            byConcurrency.add("warmup", SteadyWarmUp.run("JDBC " + query.name(), 1, settings,
                    worker -> run(connections.get(worker), prepared.get(worker), query)).json());
            for (int workers : settings.concurrencies()) {
                List<Stats> rounds = new ArrayList<>();
                for (int round = 0; round < settings.rounds(); round++) {
                    rounds.add(ClosedLoop.run(workers, settings.warmupSeconds(), settings.measureSeconds(),
                            worker -> run(connections.get(worker), prepared.get(worker), query)));
                }
                Stats median = Stats.median(rounds);
                byConcurrency.add(Integer.toString(workers), median.json());
                System.out.printf("JDBC %-40s %2d threads: p50 %8.2f ms  p99 %8.2f ms  %8.1f q/s%n", query.name(), workers,
                        median.p50Millis(), median.p99Millis(), median.throughput());
            }
            results.add(query.name(), byConcurrency);
        }
        for (Connection connection : connections) {
            connection.close();
        }
        Files.writeString(out, results.build().toString());
    }

    private static void run(Connection connection, Map<String, PreparedStatement> prepared, QueryClass query) throws Exception {
        PreparedStatement statement = prepared.get(query.sql());
        if (statement == null) {
            statement = connection.prepareStatement(query.sql());
            prepared.put(query.sql(), statement);
        }
        for (int i = 0; i < query.params().size(); i++) {
            statement.setString(i + 1, query.params().get(i));
        }
        try (ResultSet rows = statement.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int c = 1; c <= columns; c++) {
                    rows.getObject(c);
                }
            }
        }
    }

    static JsonObject read(Path file) throws java.io.IOException {
        return Json.createReader(Files.newBufferedReader(file)).readObject();
    }
}
