package io.tidepool.bench;

import java.io.IOException;

/** One {@link KeepAliveConnection} per closed-loop worker; each connects on first use and stays open across runs. */
final class WorkerConnections implements AutoCloseable {

    private final KeepAliveConnection[] connections;

    WorkerConnections(int port, int workers) {
        connections = new KeepAliveConnection[workers];
        for (int i = 0; i < workers; i++) {
            connections[i] = new KeepAliveConnection(port);
        }
    }

    KeepAliveConnection.Response ok(int worker, RawRequest request) throws IOException {
        return of(worker).ok(request);
    }

    KeepAliveConnection of(int worker) {
        return connections[worker];
    }

    @Override
    public void close() {
        for (KeepAliveConnection connection : connections) {
            connection.close();
        }
    }
}
