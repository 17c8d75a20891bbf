package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU seconds of processes the benchmark does not run inside its own JVM. On a loaded shared
 * machine wall time mostly measures the neighbours; CPU time does not, so both are reported.
 * <ul>
 * <li>Pipelines run under bash, whose {@code times} built-in prints the user and system CPU of
 * the children it waited for (and of their waited-for descendants).</li>
 * <li>The receiving side runs below sshd: every connection's processes are reaped, up the
 * tree, by the listening sshd, so the growth of its {@code cutime + cstime} in
 * /proc/PID/stat is the CPU of everything a connection ran.</li>
 * </ul>
 */
final class CpuTimes {

    /** Linux's USER_HZ, the unit of /proc/PID/stat times; 100 on every mainstream build. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private CpuTimes() {
    }

    /** Children's CPU from bash {@code times} output (its second line, e.g. "0m12.340s 0m1.020s"). */
    static long childrenNanosFromTimes(List<String> timesOutput) {
        if (timesOutput.size() < 2) {
            throw new IllegalArgumentException("bash times output must have two lines, got " + timesOutput);
        }
        long nanos = 0;
        for (String field : timesOutput.get(timesOutput.size() - 1).trim().split("\\s+")) {
            if (!field.matches("\\d+m\\d+(\\.\\d+)?s")) {
                throw new IllegalArgumentException("not a bash times field: '" + field + "' in " + timesOutput);
            }
            String[] parts = field.substring(0, field.length() - 1).split("m");
            nanos += Math.round((Long.parseLong(parts[0]) * 60 + Double.parseDouble(parts[1])) * 1e9);
        }
        return nanos;
    }

    /** cutime + cstime (fields 16 and 17) of a /proc/PID/stat line, in nanoseconds. */
    static long reapedChildrenNanosFromStat(String statLine) {
        // the command name (field 2) may hold spaces and parentheses: count from the last ')'
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field N is fields[N - 3]
        long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * The reaped-children CPU of a process, read once all of its children are gone: so that
     * a connection that just ended is counted.
     */
    static long reapedChildrenNanos(long pid) throws IOException, InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IOException("process " + pid + " is not running"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (process.children().findAny().isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("children of process " + pid + " still running after 30 s");
            }
            Thread.sleep(20);
        }
        return reapedChildrenNanosFromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** CPU of this process's children that it has waited for (btrfs, ssh), from /proc/self/stat. */
    static long ownReapedChildrenNanos() throws IOException {
        return reapedChildrenNanosFromStat(Files.readString(Path.of("/proc/self/stat")));
    }

    /** utime + stime (fields 14 and 15) of a /proc/PID/task/TID/stat line, in nanoseconds. */
    static long ownNanosFromStat(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /** The thread name (field 2, between the first '(' and the last ')') of a stat line. */
    static String nameFromStat(String statLine) {
        return statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
    }

    /**
     * CPU of this JVM's threads, summed per thread name with digits folded ("C2 CompilerThre#",
     * "GC Thread#"): where the producer's CPU goes, JIT and GC included, which no Java API shows.
     * A thread's figures vanish from /proc when it ends, so {@link ThreadSampler} polls them.
     */
    static final class ThreadSampler implements AutoCloseable {
        private final Map<String, String> lastStatByTask = new ConcurrentHashMap<>();
        private final Thread poller;
        private volatile boolean running = true;

        ThreadSampler() {
            poller = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-thread-sampler");
            poller.setDaemon(true);
            poller.start();
        }

        private void sample() {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        lastStatByTask.put(task.getFileName().toString(), Files.readString(task.resolve("stat")));
                    } catch (IOException ended) {
                        // the thread ended between the listing and the read: its last sample stands
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops polling and sums, per thread name with digits folded, the last figures seen. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            poller.interrupt();
            poller.join();
            sample();
        }

        SortedMap<String, Long> nanosByName() {
            SortedMap<String, Long> byName = new TreeMap<>();
            lastStatByTask.values().forEach(stat -> byName.merge(nameFromStat(stat).replaceAll("\\d+", "#"),
                    ownNanosFromStat(stat), Long::sum));
            return byName;
        }
    }
}
