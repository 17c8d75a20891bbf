package org.btrfssendbackup.core.process;

import java.nio.file.Path;
import java.util.Objects;

/** What happens to a child's standard output. */
public sealed interface StdoutMode {

    /** Default maximum for {@link #capture()}: replies and listings, never streams. */
    long DEFAULT_CAPTURE_LIMIT = 16L * 1024 * 1024;

    /** Collected into {@link CommandResult#stdout()}; more than 16 MiB is a failure. */
    static StdoutMode capture() {
        return new Capture(DEFAULT_CAPTURE_LIMIT);
    }

    static StdoutMode capture(long limitBytes) {
        return new Capture(limitBytes);
    }

    /** The caller reads {@link RunningProcess#stdout()} (e.g. a {@code btrfs send} stream). */
    static StdoutMode pipe() {
        return Pipe.INSTANCE;
    }

    /** Thrown away by the operating system. */
    static StdoutMode discard() {
        return Discard.INSTANCE;
    }

    /** Written straight to a file by the operating system (created or truncated). */
    static StdoutMode toFile(Path file) {
        return new ToFile(file);
    }

    record Capture(long limitBytes) implements StdoutMode {
        public Capture {
            if (limitBytes < 0) {
                throw new IllegalArgumentException("capture limit must not be negative: " + limitBytes);
            }
        }
    }

    enum Pipe implements StdoutMode { INSTANCE }

    enum Discard implements StdoutMode { INSTANCE }

    record ToFile(Path file) implements StdoutMode {
        public ToFile {
            Objects.requireNonNull(file, "file");
        }
    }
}
