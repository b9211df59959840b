package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostReadingsTest {

    @Test
    void cpuUtilisationIsBusyShareOfTheInterval() {
        HostReadings.CpuTimes before = HostReadings.cpu("cpu  100 0 100 700 100 0 0 0 50 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
        HostReadings.CpuTimes after = HostReadings.cpu("cpu  250 0 150 1200 100 0 0 0 90 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
        // 200 busy jiffies (user+system) of 700 in total; guest time is already inside user.
        assertEquals(200.0 / 700, after.utilisationSince(before).getAsDouble(), 1e-12);
        assertTrue(after.utilisationSince(after).isEmpty(), "no time passed");
    }

    @Test
    void usedMemoryIsTotalMinusAvailable() {
        HostReadings.Memory memory = HostReadings.memory("""
                MemTotal:       24684400 kB
                MemFree:         1000000 kB
                MemAvailable:   20000000 kB
                Buffers:          100000 kB
                """);
        assertEquals(24684400L * 1024, memory.totalBytes());
        assertEquals((24684400L - 20000000L) * 1024, memory.usedBytes());
    }
}
