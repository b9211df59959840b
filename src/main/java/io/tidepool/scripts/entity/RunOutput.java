package io.tidepool.scripts.entity;

/**
 * What a run wrote: the last part of each stream (at most the output limit) and how many bytes it
 * wrote in all, so a reader can tell how much was cut off at the front.
 */
public record RunOutput(String stdout, long stdoutBytes, String stderr, long stderrBytes) {

    public static final RunOutput EMPTY = new RunOutput("", 0, "", 0);
}
