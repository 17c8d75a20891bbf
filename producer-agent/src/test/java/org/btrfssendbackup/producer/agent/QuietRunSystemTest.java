package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -q}, as the shipped cron line runs the producer: a successful run prints nothing (no
 * cron mail), a failed one prints one line naming the set, the step, the cause and what to do,
 * and the exit status is the same as without -q. Real btrfs, gpg and Artemis; the test uploader.
 */
class QuietRunSystemTest {

    private static final OneShotRun.Options QUIET = new OneShotRun.Options(false, false, false, Duration.ofMinutes(2),
            AgentRuns.FAST_STEPS, true);

    @TempDir
    Path dir;

    @Test
    void aSuccessfulQuietRunPrintsNothing() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            AgentRuns.Result result = AgentRuns.run(f, f.tools(), dir.resolve("broker"), QUIET);

            assertThat(result.exitStatus()).as(result.err()).isZero();
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).isEmpty();
            assertThat(f.stateFile()).exists();
        }
    }

    @Test
    void aFailedQuietRunPrintsOneLineWithTheSetTheStepTheCauseAndWhatToDo() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            f.uploader.cutOffAfter(100);

            AgentRuns.Result failed = AgentRuns.run(f, f.tools(), dir.resolve("broker"), QUIET);

            assertThat(failed.exitStatus()).isEqualTo(1);
            assertThat(failed.out()).isEmpty();
            assertThat(failed.err().lines().toList()).singleElement().asString()
                    .startsWith("btrfs-send-backup: backup set " + f.config.backupSet() + " FAILED in the send step")
                    .contains("attempt 3 of 3", "cut off", "what to do: retried 3 times");
        }
    }
}
