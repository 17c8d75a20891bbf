package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.producer.OneShotRun;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line of a real send: a run that shows progress asks the receiver's listing once
 * more, for the expected total (the size of the last stored stream of the same kind, see
 * TransferLine for the line it makes), and ends with the exact bytes and the mean rate. Real btrfs, gpg and Artemis; the test uploader.
 */
class ProgressRunSystemTest {

    @TempDir
    Path dir;

    @Test
    void aFullStreamExpectsTheSizeOfTheLastFullStored() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            int listsBefore = f.uploader.lists();
            assertThat(AgentRuns.run(f, f.tools(), dir.resolve("broker"), false).exitStatus()).isZero();
            int listsWithoutProgress = f.uploader.lists() - listsBefore;
            f.clock.advance(Duration.ofDays(1));
            int listsBeforeSecond = f.uploader.lists();
            ByteArrayOutputStream terminal = new ByteArrayOutputStream();
            OneShotRun.Options fullAgain = new OneShotRun.Options(false, true, false, Duration.ofMinutes(2),
                    AgentRuns.FAST_STEPS);

            AgentRuns.Result second = AgentRuns.run(f,
                    f.tools().withProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8)),
                    dir.resolve("broker"), fullAgain);

            assertThat(second.exitStatus()).as(second.err()).isZero();
            String shown = terminal.toString(StandardCharsets.UTF_8);
            assertThat(shown).as(shown).containsPattern("\\rsent \\S+ \\S+, \\S+ MB/s" + System.lineSeparator() + "$");
            assertThat(f.uploader.lists() - listsBeforeSecond).as("one listing more: the size of the last full")
                    .isEqualTo(listsWithoutProgress + 1);
        }
    }
}
