package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.btrfssendbackup.producer.agent.RunOutcome;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.ops.console.EventLine;

/** What the end-to-end tests share: their preconditions, a narration buffer, a run that must succeed, damage. */
final class EndToEnd {

    /** A run takes seconds; minutes only on a machine shared by a whole test suite. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private EndToEnd() {
    }

    /** Root, loop btrfs, sshd and the ssh client, gpg and zstd: fails instead of skipping when required. */
    static void assumeSystem() {
        SystemTests.assumeLoopBtrfs();
        for (String tool : new String[] {"sshd", "ssh", "ssh-keygen", "gpg", "zstd"}) {
            SystemTests.assumeTool(tool);
        }
    }

    /** The events of one run (by runId), in publication order. */
    /** One backup run through the rig, which must succeed (the narration explains a failure). */
    static BackupCompleted succeeded(BackupRig rig, Narration narration) throws Exception {
        RunOutcome outcome = rig.backup(e -> { }, RUN_TIMEOUT);
        assertThat(outcome.succeeded()).as("%s\n%s", outcome.failure(), narration).isTrue();
        return outcome.completed().orElseThrow();
    }

    /** Damage as a failing disk does it: one bit of the byte in the middle of the file, flipped. */
    static void flipOneByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    static List<EventLine> ofRun(List<EventLine> timeline, String runId) {
        return timeline.stream().filter(e -> runId.equals(e.runId())).toList();
    }

    static List<String> types(List<EventLine> events) {
        return events.stream().map(EventLine::type).toList();
    }

    static <T> List<T> payloads(List<EventLine> timeline, Class<T> type) {
        return timeline.stream().filter(EventLine::isDecoded).map(EventLine::envelope).map(EventEnvelope::payload)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** The set's files copied as an operator would (writable copies, without the receiver's hidden files). */
    static Path copyOf(Path setDirectory, Path destination) throws IOException {
        try (Stream<Path> files = Files.list(setDirectory)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                Path copy = destination.resolve(file.getFileName());
                Files.copy(file, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return destination;
    }

    /** Collects what the rig narrates, for failure messages. */
    static final class Narration {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
