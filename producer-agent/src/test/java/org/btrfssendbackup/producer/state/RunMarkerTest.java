package org.btrfssendbackup.producer.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMarkerTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T02:05:00Z");
    private static final Instant PROCESS_START = Instant.parse("2026-03-01T02:04:59.120Z");

    @TempDir
    Path dir;

    @Test
    void writtenReadBackAndClearedOnlyByItsOwnRun() throws Exception {
        RunMarker marker = new RunMarker(dir.resolve("last-sent"));
        RunMarker.Entry entry = new RunMarker.Entry("run-1", 4242, Optional.of(PROCESS_START), STARTED);
        marker.write(entry);

        assertThat(marker.file()).isEqualTo(dir.resolve("last-sent.running"));
        assertThat(marker.read()).contains(entry);
        marker.clear("run-2");
        assertThat(marker.file()).exists();
        marker.clear("run-1");
        assertThat(marker.file()).doesNotExist();
        assertThat(marker.read()).isEmpty();
    }

    @Test
    void aProcessIsGoneWhenNoProcessHasItsPidOrTheOneThatHasItStartedAtAnotherTime() {
        RunMarker.Entry entry = new RunMarker.Entry("run-1", 4242, Optional.of(PROCESS_START), STARTED);
        assertThat(entry.processGone(pid -> Optional.empty())).as("no such pid").isTrue();
        assertThat(entry.processGone(pid -> Optional.of(Optional.of(PROCESS_START)))).as("same process").isFalse();
        assertThat(entry.processGone(pid -> Optional.of(Optional.of(PROCESS_START.plusSeconds(60)))))
                .as("pid reused").isTrue();
        assertThat(entry.processGone(pid -> Optional.of(Optional.empty()))).as("start unknown: trust the pid").isFalse();
    }

    @Test
    void thisProcessIsAliveAndAFinishedChildIsGone() throws Exception {
        assertThat(RunMarker.Entry.current("run-1", STARTED).processGone()).isFalse();
        Process child = new ProcessBuilder("true").start();
        child.waitFor();
        RunMarker.Entry dead = new RunMarker.Entry("run-0", child.pid(), child.info().startInstant(), STARTED);
        assertThat(dead.processGone()).isTrue();
    }

    @Test
    void anUnreadableMarkerIsAnErrorNamingTheFile() throws Exception {
        RunMarker marker = new RunMarker(dir.resolve("last-sent"));
        Files.writeString(marker.file(), "runId=x\npid=many\n");
        try {
            marker.read();
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains(marker.file().toString());
            return;
        }
        throw new AssertionError("expected an IOException");
    }
}
