package io.tidepool.ingest.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;

/**
 * Reads an export request's body: at most {@code limit} bytes as sent and, when gzip-encoded, at
 * most {@code limit} bytes after decompression too, so a small compressed body cannot expand
 * into gigabytes (413 as soon as either limit is passed, before the rest is read).
 */
final class OtlpBody {

    private OtlpBody() {
    }

    static byte[] read(Signal signal, OtlpEncoding encoding, InputStream body, String contentEncoding, long limit) {
        String coding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (body == null) {
            return new byte[0];
        }
        CountingInput wire = new CountingInput(body, limit, signal, encoding, "request body");
        try {
            return switch (coding) {
                case "", "identity" -> wire.readAll();
                case "gzip", "x-gzip" -> readGzip(signal, encoding, wire, limit);
                default -> throw new OtlpFailure(signal, 415, encoding, "Content-Encoding '" + contentEncoding
                        + "' is not supported; send gzip or no encoding", null);
            };
        } catch (TooLarge e) {
            throw e.failure;
        } catch (IOException e) {
            throw OtlpFailure.badRequest(signal, encoding, "the request body could not be read: " + e.getMessage());
        }
    }

    private static byte[] readGzip(Signal signal, OtlpEncoding encoding, CountingInput wire, long limit) throws IOException {
        GZIPInputStream inflated;
        try {
            inflated = new GZIPInputStream(wire, 16 * 1024);
        } catch (TooLarge e) {
            throw e;
        } catch (IOException e) {
            throw OtlpFailure.badRequest(signal, encoding, "the body is not valid gzip: " + e.getMessage());
        }
        try {
            return new CountingInput(inflated, limit, signal, encoding, "decompressed request body").readAll();
        } catch (TooLarge e) {
            throw e;
        } catch (IOException e) {
            throw OtlpFailure.badRequest(signal, encoding, "the body is not valid gzip: " + e.getMessage());
        }
    }

    /** Thrown inside the stream so that the gzip reader passes it through. */
    private static final class TooLarge extends IOException {
        final OtlpFailure failure;

        TooLarge(OtlpFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final long limit;
        private final Signal signal;
        private final OtlpEncoding encoding;
        private final String what;
        private long count;

        CountingInput(InputStream in, long limit, Signal signal, OtlpEncoding encoding, String what) {
            this.in = in;
            this.limit = limit;
            this.signal = signal;
            this.encoding = encoding;
            this.what = what;
        }

        byte[] readAll() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = read(buffer, 0, buffer.length)) != -1) {
                    out.write(buffer, 0, n);
                }
            } catch (TooLarge e) {
                throw e.failure;
            }
            return out.toByteArray();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new TooLarge(new OtlpFailure(signal, 413, encoding, "the " + what + " is larger than the limit of "
                            + limit + " bytes", null));
                }
            }
            return n;
        }
    }
}
