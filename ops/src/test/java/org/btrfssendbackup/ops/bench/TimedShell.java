package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one shell pipeline the way an operator's script would (bash, pipefail) and measures its
 * wall time and the CPU of its processes (bash {@code times}, see {@link CpuTimes}). The
 * benchmark is not production code: the pipelines are the thing measured, so they are
 * written as shell text, never built from outside input.
 */
final class TimedShell {

    /** @param stdout what the pipeline printed, without the two lines of {@code times} */
    record Result(long wallNanos, long cpuNanos, List<String> stdout) {
    }

    /** Pipelines running now: a shutdown hook stops them, so that nothing keeps the loop mounts busy. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private TimedShell() {
    }

    /** Stops every running pipeline and its descendants (for a shutdown hook: Ctrl-C or kill). */
    static void stopAll() {
        for (Process p : RUNNING) {
            stopTree(p.toHandle());
        }
    }

    /** SIGTERM to a process and all its descendants, so none is left running orphaned. */
    static void stopTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroy);
        root.destroy();
    }

    /** Runs {@code pipeline}; its stderr goes to {@code log}; a failure throws with the log's tail. */
    static Result run(String pipeline, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -e -o pipefail\n" + pipeline + "\ntimes")
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        RUNNING.add(process);
        String out;
        int status;
        try {
            out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = process.waitFor();
        } finally {
            RUNNING.remove(process);
        }
        long wall = System.nanoTime() - start;
        if (status != 0) {
            String err = Files.readString(log, StandardCharsets.UTF_8);
            throw new IOException("benchmark pipeline failed with status " + status + ": " + pipeline + "\n"
                    + err.substring(Math.max(0, err.length() - 2000)));
        }
        List<String> lines = out.lines().toList();
        if (lines.size() < 2) {
            throw new IOException("benchmark pipeline printed no `times` lines: " + pipeline + "\n" + out);
        }
        return new Result(wall, CpuTimes.childrenNanosFromTimes(lines.subList(lines.size() - 2, lines.size())),
                lines.subList(0, lines.size() - 2));
    }

    /** Single-quotes a path or word for bash. */
    static String quote(Object word) {
        return "'" + word.toString().replace("'", "'\\''") + "'";
    }
}
