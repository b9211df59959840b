package io.tidepool.query.entity;

/**
 * Who sent a request to the SDK API, as recorded in slow-query logs and metrics. Until a request
 * carries a script's run token the caller is known only by its loopback address.
 */
public record Caller(String id) {

    public static Caller remote(String address, int port) {
        return new Caller(address + ":" + port);
    }

    @Override
    public String toString() {
        return id;
    }
}
