package org.btrfssendbackup.producer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * STATE_FILE.running: written when a run starts, removed when it ends (any outcome). A marker
 * whose process is gone is the trace of a run that died without an outcome (killed, crashed,
 * power lost), which would otherwise leave no failure record at all.
 */
public final class RunMarker {

    public static final String SUFFIX = ".running";

    private final Path file;

    public RunMarker(Path stateFile) {
        this.file = Path.of(stateFile + SUFFIX);
    }

    public Path file() {
        return file;
    }

    /**
     * @param runId        the run's id
     * @param pid          the process running it
     * @param processStart that process's start time (wall clock), so a reused pid is not taken for it
     * @param startedAt    when the run started (the run's clock)
     */
    public record Entry(String runId, long pid, Optional<Instant> processStart, Instant startedAt) {

        /** This process, running {@code runId} from {@code startedAt}. */
        public static Entry current(String runId, Instant startedAt) {
            ProcessHandle self = ProcessHandle.current();
            return new Entry(runId, self.pid(), self.info().startInstant(), startedAt);
        }

        /**
         * Whether the process that wrote this marker is gone: no process with its pid, or one
         * that started at another time (the pid was reused).
         *
         * @param startOfPid the start time of the live process with a pid; empty when there is none
         */
        public boolean processGone(LongFunction<Optional<Optional<Instant>>> startOfPid) {
            Optional<Optional<Instant>> live = startOfPid.apply(pid);
            if (live.isEmpty()) {
                return true;
            }
            return processStart.isPresent() && live.get().isPresent() && !processStart.get().equals(live.get().get());
        }

        /** {@link #processGone} against the processes of this host. */
        public boolean processGone() {
            return processGone(p -> ProcessHandle.of(p).filter(ProcessHandle::isAlive).map(h -> h.info().startInstant()));
        }
    }

    public Optional<Entry> read() throws IOException {
        return AtomicFiles.readProperties(file, "run marker", p -> new Entry(p.getProperty("runId"),
                Long.parseLong(p.getProperty("pid")), Optional.ofNullable(p.getProperty("processStart")).map(Instant::parse),
                Instant.parse(p.getProperty("startedAt"))));
    }

    public void write(Entry entry) throws IOException {
        AtomicFiles.write(file, "runId=" + entry.runId() + "\npid=" + entry.pid() + "\n"
                + entry.processStart().map(t -> "processStart=" + t + "\n").orElse("")
                + "startedAt=" + entry.startedAt() + "\n");
    }

    /** Removes the marker if it is this run's (a marker of another run is not ours to drop). */
    public void clear(String runId) throws IOException {
        Optional<Entry> current = read();
        if (current.isPresent() && current.get().runId().equals(runId)) {
            Files.deleteIfExists(file);
        }
    }

    /** Removes the marker whatever run wrote it (after its death was recorded). */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
