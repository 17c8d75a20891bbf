package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.core.metrics.Textfile;
import org.btrfssendbackup.producer.monitor.HistoryFile;
import org.btrfssendbackup.producer.monitor.ProducerMetrics;
import org.btrfssendbackup.producer.testing.ProducerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot run records itself in STATE_FILE.history, which the metrics read: a success with
 * its size and duration, then a failed run that keeps the last success and turns the verdict
 * FAILING. Real btrfs, gpg and Artemis; the test uploader in place of ssh.
 */
class RunHistorySystemTest {

    @TempDir
    Path dir;

    @Test
    void aSuccessThenAFailureAreRecordedAndExported() throws Exception {
        try (ProducerFixture f = ProducerFixture.create(dir)) {
            AgentRuns.Result ok = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);
            assertThat(ok.exitStatus()).as(ok.err()).isZero();
            Instant firstEnd = f.clock.instant();
            RunHistory afterSuccess = HistoryFile.read(HistoryFile.of(f.config));
            assertThat(afterSuccess.lastSuccess()).isEqualTo(firstEnd);
            assertThat(afterSuccess.lastSuccessBytes()).isPositive();
            assertThat(afterSuccess.lastSuccessDuration()).isNotNull();
            assertThat(afterSuccess.lastFailure()).isNull();

            f.clock.advance(Duration.ofDays(1));
            f.uploader.cutOffAfter(100);
            AgentRuns.Result failed = AgentRuns.run(f, f.tools(), dir.resolve("broker"), false);
            assertThat(failed.exitStatus()).isEqualTo(1);
            RunHistory afterFailure = HistoryFile.read(HistoryFile.of(f.config));
            assertThat(afterFailure.lastSuccess()).as("the last success stays").isEqualTo(firstEnd);
            assertThat(afterFailure.lastSuccessBytes()).isEqualTo(afterSuccess.lastSuccessBytes());
            assertThat(afterFailure.lastRun()).isEqualTo(f.clock.instant());
            assertThat(afterFailure.lastFailure()).contains("cut off");

            List<String> warnings = new ArrayList<>();
            MetricsState state = ProducerMetrics.of(List.of(f.config), "prod-srv", f.clock.instant(), warnings::add);
            assertThat(warnings).isEmpty();
            SetMetrics set = state.sets().get(0);
            assertThat(set.backupSet()).isEqualTo(f.config.backupSet());
            assertThat(set.status()).isEqualTo(SetHealth.FAILING);
            Path textfiles = Files.createDirectories(dir.resolve("textfiles"));
            Path written = Textfile.write(textfiles, ProducerMetrics.TEXTFILE_NAME, state);
            assertThat(Files.readString(written)).contains(
                    "btrfs_backup_set_status{host=\"prod-srv\",set=\"" + f.config.backupSet()
                            + "\",status=\"failing\"} 1.0",
                    "btrfs_backup_last_success_timestamp_seconds{host=\"prod-srv\",set=\"" + f.config.backupSet()
                            + "\"} " + (double) firstEnd.getEpochSecond());
        }
    }
}
