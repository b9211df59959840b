package io.tidepool.ingest.control;

import java.util.OptionalLong;

/**
 * This host's CPU and memory as Linux reports them in {@code /proc/stat} and {@code /proc/meminfo}.
 * Used memory is total minus MemAvailable (what {@code free} calls available), so page cache the
 * kernel can drop does not count as used.
 */
final class HostReadings {

    /** Cumulative jiffies of the aggregate {@code cpu} line: busy and total. */
    record CpuTimes(long busy, long total) {

        /** Utilisation from 0 to 1 between an earlier reading and this one; empty when no time passed. */
        java.util.OptionalDouble utilisationSince(CpuTimes earlier) {
            long total = this.total - earlier.total;
            if (total <= 0) {
                return java.util.OptionalDouble.empty();
            }
            double busy = this.busy - earlier.busy;
            return java.util.OptionalDouble.of(Math.min(1, Math.max(0, busy / total)));
        }
    }

    record Memory(long totalBytes, long usedBytes) {
    }

    private HostReadings() {
    }

    /** The first line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}. */
    static CpuTimes cpu(String procStat) {
        String line = procStat.lines().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no aggregate cpu line in /proc/stat"));
        String[] fields = line.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // user..steal only: guest time is already counted in user and nice.
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
            long value = Long.parseLong(fields[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new CpuTimes(total - idle, total);
    }

    static Memory memory(String procMeminfo) {
        long total = kilobytes(procMeminfo, "MemTotal:").orElseThrow(
                () -> new IllegalArgumentException("no MemTotal in /proc/meminfo"));
        long available = kilobytes(procMeminfo, "MemAvailable:").orElseGet(
                () -> kilobytes(procMeminfo, "MemFree:").orElse(0));
        return new Memory(total * 1024, Math.max(0, total - available) * 1024);
    }

    private static OptionalLong kilobytes(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> OptionalLong.of(Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0])))
                .orElse(OptionalLong.empty());
    }
}
