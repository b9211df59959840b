package io.tidepool.scripts.control;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Run ids that sort by creation time and are safe in URLs and file names: the millisecond in base 36
 * (fixed width until the year 5188) and 6 random hex digits, e.g. {@code mi7x3k2a-4f0c9e}.
 */
final class RunIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    static String next() {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        String time = Long.toString(System.currentTimeMillis(), 36);
        return "0".repeat(Math.max(0, 9 - time.length())) + time + "-" + HexFormat.of().formatHex(random);
    }
}
