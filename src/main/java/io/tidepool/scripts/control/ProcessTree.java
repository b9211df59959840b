package io.tidepool.scripts.control;

/**
 * Kills a process and everything it started. A script cannot start processes (no run permission),
 * but Deno or prlimit might leave helpers, and a wall-clock limit must leave nothing behind.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    static void kill(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
