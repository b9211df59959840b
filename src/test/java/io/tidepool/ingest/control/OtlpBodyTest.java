package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;

class OtlpBodyTest {

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] read(byte[] body, String encoding, long limit) {
        return OtlpBody.read(Signal.TRACES, OtlpEncoding.JSON, new ByteArrayInputStream(body), encoding, limit);
    }

    @Test
    void inflatesGzipWithinTheLimit() throws IOException {
        byte[] data = "hello otlp".repeat(100).getBytes();
        assertArrayEquals(data, read(gzip(data), "gzip", 1000));
        assertArrayEquals(data, read(data, null, 1000));
        assertArrayEquals(data, read(data, "identity", 1000));
    }

    @Test
    void aGzipBombStopsAtTheLimit() throws IOException {
        byte[] bomb = gzip(new byte[50_000_000]);
        OtlpFailure failure = assertThrows(OtlpFailure.class, () -> read(bomb, "gzip", 1_000_000));
        assertEquals(413, failure.status());
        assertEquals("the decompressed request body is larger than the limit of 1000000 bytes", failure.getMessage());
        assertEquals(OtlpEncoding.JSON, failure.encoding());
    }

    @Test
    void aLargeBodyIsRefusedAsSent() {
        OtlpFailure failure = assertThrows(OtlpFailure.class, () -> read(new byte[2000], null, 1000));
        assertEquals(413, failure.status());
        assertEquals("the request body is larger than the limit of 1000 bytes", failure.getMessage());
    }

    @Test
    void brokenGzipAndUnknownCodingsAreRefused() {
        assertEquals(400, assertThrows(OtlpFailure.class, () -> read("plain".getBytes(), "gzip", 1000)).status());
        assertEquals(415, assertThrows(OtlpFailure.class, () -> read("plain".getBytes(), "zstd", 1000)).status());
    }
}
