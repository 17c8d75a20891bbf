package org.btrfssendbackup.producer.monitor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.producer.state.AtomicFiles;

/**
 * STATE_FILE.history: one set's {@link RunHistory} beside its other state files, replaced
 * atomically after every run, so the metrics of a failed run still say when the last success was.
 */
public final class HistoryFile {

    private HistoryFile() {
    }

    public static Path of(ProducerConfig config) {
        return config.stateFile().resolveSibling(config.stateFile().getFileName() + ".history");
    }

    /** @return the history, {@link RunHistory#NONE} when the file does not exist yet */
    public static RunHistory read(Path file) throws IOException {
        return AtomicFiles.readProperties(file, "run history file", RunHistory::fromProperties)
                .orElse(RunHistory.NONE);
    }

    public static void write(Path file, RunHistory history) throws IOException {
        StringWriter text = new StringWriter();
        try {
            history.toProperties().store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Properties to a StringWriter cannot fail", e);
        }
        // Without store's date comment and in key order, so the file changes only when the history does.
        AtomicFiles.write(file, text.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
