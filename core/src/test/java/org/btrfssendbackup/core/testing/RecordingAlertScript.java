package org.btrfssendbackup.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A recording stand-in for the operator's ALERT_COMMAND (a mail or webhook command, which
 * cannot run here): a real shell script, run by the real hook, that appends
 * "STATUS PREVIOUS SET HOST $1" per call to {@code DIR/calls} and keeps its last stdin.
 */
public final class RecordingAlertScript {

    private final Path dir;

    public RecordingAlertScript(Path dir) {
        this.dir = dir;
    }

    /** Writes the script (mode 0700) into the directory; it exits with {@code exitStatus}. */
    public Path write(int exitStatus) throws IOException {
        Path script = dir.resolve("alert.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$BTRFS_BACKUP_STATUS $BTRFS_BACKUP_PREVIOUS_STATUS $BTRFS_BACKUP_SET $BTRFS_BACKUP_HOST $1\" >> "
                + dir.resolve("calls") + "\n"
                + "cat > " + dir.resolve("stdin.json") + "\n"
                + "exit " + exitStatus + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** One line per call, oldest first; none before the first call. */
    public List<String> calls() throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** The JSON object the last call read on its stdin. */
    public JsonNode stdin() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("stdin.json").toFile());
    }
}
