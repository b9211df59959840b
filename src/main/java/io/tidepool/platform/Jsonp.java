package io.tidepool.platform;

import static io.tidepool.platform.Jsonp.JSON;

import jakarta.json.spi.JsonProvider;

/**
 * JSON-P's provider, looked up once. Every static {@code jakarta.json.JSON.createXxx} call looks the
 * provider up again with a ServiceLoader scan of the application's class loader (profiled: a fifth
 * of the CPU of OTLP ingest, which builds a JSON object per span, went to those lookups).
 */
public final class Jsonp {

    public static final JsonProvider JSON = JsonProvider.provider();

    private Jsonp() {
    }
}
