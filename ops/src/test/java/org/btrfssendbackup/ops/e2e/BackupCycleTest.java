package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.demo.BackupCycle;
import org.btrfssendbackup.ops.demo.BackupRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's cycle as a test: real btrfs on loop images, real sshd with the forced-command
 * receiver and its restricted key, real OpenPGP and zstd, the embedded broker with security on
 * and the producer and pruner agents in this JVM.
 */
class BackupCycleTest {

    @TempDir
    Path workBase;

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aFullAndAnIncrementalBackupRestoreIdenticallyAndEveryAgentIsOnTheTimeline() throws Exception {
        EndToEnd.assumeSystem();
        EndToEnd.Narration narration = new EndToEnd.Narration();

        BackupCycle.Result result = new BackupCycle(BackupRig.Options.defaults().withWorkBase(workBase))
                .run(narration.out);

        assertThat(result.restoredIdentical()).as(narration.toString()).isTrue();
        assertThat(narration.toString()).contains("restored tree is identical to the source");
        List<BackupCompleted> backups = result.backups();
        assertThat(backups).extracting(BackupCompleted::kind).containsExactly(SnapshotKind.FULL, SnapshotKind.INCR);
        BackupCompleted full = backups.get(0);
        BackupCompleted incr = backups.get(1);
        assertThat(incr.parent()).isEqualTo(full.snapshot());
        assertThat(result.restoredSnapshot()).isEqualTo(incr.snapshot());

        assertEveryRunOnTheTimeline(result.timeline(), backups);
        assertStored(result.storedFiles(), full, incr);
        assertEverythingCleanedUp(narration.toString());
    }

    private static void assertEveryRunOnTheTimeline(List<EventLine> timeline, List<BackupCompleted> backups) {
        List<EventLine> completions = timeline.stream().filter(e -> "BackupCompleted".equals(e.type())).toList();
        assertThat(completions).hasSize(2);
        for (EventLine completion : completions) {
            List<EventLine> run = EndToEnd.ofRun(timeline, completion.runId());
            assertThat(EndToEnd.types(run)).as("run %s", completion.runId())
                    .containsSubsequence("BackupRequested", "SnapshotCreated", "StreamSent", "PruneRequested",
                            "BackupCompleted", "PruneCompleted");
            // the pruner answered this run's PruneRequested
            EventLine request = run.stream().filter(e -> "PruneRequested".equals(e.type())).findFirst().orElseThrow();
            EventLine answer = run.stream().filter(e -> "PruneCompleted".equals(e.type())).findFirst().orElseThrow();
            assertThat(answer.envelope().causationId()).isEqualTo(request.envelope().eventId());
            assertThat(answer.publishedBy()).isEqualTo("pruner");
            assertThat(run.stream().filter(e -> !"PruneCompleted".equals(e.type())))
                    .allSatisfy(e -> assertThat(e.publishedBy()).as(e.type()).isEqualTo("producer"));
        }
        // the receiver (a forced command on backup-srv) publishes outside runs, as its own user
        List<EventLine> received = timeline.stream().filter(e -> "StreamReceived".equals(e.type())).toList();
        assertThat(received).allSatisfy(e -> assertThat(e.publishedBy()).isEqualTo("receiver"));
        assertThat(EndToEnd.payloads(timeline, StreamReceived.class)).extracting(StreamReceived::snapshot)
                .containsExactly(backups.get(0).snapshot(), backups.get(1).snapshot());
        assertThat(EndToEnd.payloads(timeline, PruneCompleted.class))
                .allSatisfy(p -> assertThat(p.deleted()).isZero()).hasSize(2);
        assertThat(timeline).noneMatch(e -> "StepFailed".equals(e.type()) || !e.isDecoded());
    }

    private static void assertStored(List<BackupRig.StoredFile> stored, BackupCompleted full, BackupCompleted incr) {
        assertThat(stored).extracting(BackupRig.StoredFile::name).containsExactly(
                full.snapshot() + ".full.btrfs.gpg", full.snapshot() + ".manifest",
                incr.snapshot() + ".incr.btrfs.gpg", incr.snapshot() + ".manifest");
        assertThat(stored).allSatisfy(f -> assertThat(f.mode()).as(f.name()).isEqualTo("r--------"));
        assertThat(stored.get(0).size()).isEqualTo(full.bytes());
        assertThat(stored.get(2).size()).isEqualTo(incr.bytes());
    }

    /** Both images were unmounted and deleted, and so was the work directory. */
    private void assertEverythingCleanedUp(String narration) throws Exception {
        Matcher images = Pattern.compile(" at (\\S+/mnt)[,\\s]").matcher(narration);
        int found = 0;
        while (images.find()) {
            assertThat(Path.of(images.group(1))).doesNotExist();
            found++;
        }
        assertThat(found).as(narration).isEqualTo(2);
        try (Stream<Path> left = Files.list(workBase)) {
            assertThat(left).isEmpty();
        }
    }
}
