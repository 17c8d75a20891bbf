package org.btrfssendbackup.producer.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.btrfssendbackup.core.files.AtomicReplace;

/**
 * Replaces a small file so that a crash leaves either the old or the new content, never a
 * torn one (through core's {@link AtomicReplace}, which the metrics textfile uses too).
 * Also reads back the {@code key=value} state files written that way (STATE_FILE.pending,
 * STATE_FILE.running).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, String content) throws IOException {
        AtomicReplace.write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code key=value} lines of a state file, or empty when it does not exist.
     *
     * @param what names the file in errors, e.g. "pending run file"
     * @param read turns the keys into the caller's record; any exception it throws becomes an
     *             IOException naming the file and saying it may be deleted if no run is in progress
     */
    public static <T> Optional<T> readProperties(Path file, String what, Function<Properties, T> read)
            throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(read.apply(properties));
        } catch (RuntimeException e) {
            throw new IOException("read " + what + " " + file + ": " + e.getMessage()
                    + " (delete it if no backup run is in progress)", e);
        }
    }
}
