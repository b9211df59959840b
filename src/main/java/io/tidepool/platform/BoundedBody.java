package io.tidepool.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request body completely, refusing (413) as soon as it passes a limit. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(InputStream body, long limitBytes) {
        if (body == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
                if (total > limitBytes) {
                    throw ApiException.payloadTooLarge(limitBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
        return out.toByteArray();
    }
}
