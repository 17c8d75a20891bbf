package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;

/**
 * The restore benchmark (ops/bench/restore-throughput.sh) in its smoke mode: 16 MiB, one round,
 * a chain of a full and three incrementals, no cache dropping. It checks that every variant
 * ran and restored bit-identically (the benchmark compares each restore with its source
 * snapshot and fails otherwise) and that the report has every row and verdict; not speed.
 */
class RestoreThroughputSmokeTest {

    @Test
    void everyVariantRestoresIdenticallyAndTheReportHasEveryRowAndVerdict() throws Exception {
        SystemTests.assumeLoopBtrfs();
        for (String tool : new String[] {"sshd", "ssh", "gpg", "zstd"}) {
            SystemTests.assumeTool(tool);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        RestoreReport report = RestoreThroughputBenchmark.run(RestoreThroughputBenchmark.Options.smoke(), out);
        report.print(out);

        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text); // the figures in the build log, for whoever wonders
        assertThat(report.restores()).containsOnlyKeys(RestoreReport.VARIANTS);
        assertThat(report.chainLinks()).isEqualTo(4);
        assertThat(report.streamBytes()).isGreaterThan(16L << 20);
        assertThat(report.storedBytes()).isPositive().isLessThan(report.streamBytes());
        assertThat(report.restores().values()).allSatisfy(m -> {
            assertThat(m.wallNanos()).isPositive();
            assertThat(m.senderCpuNanos()).isPositive();
        });
        // the ssh variants count the receiving side's CPU too
        assertThat(report.restores().get(RestoreReport.SSH).receiverCpuNanos()).isPositive();
        assertThat(report.restores().get(RestoreReport.STOCK_SSH).receiverCpuNanos()).isPositive();
        assertThat(report.startup().consoleVersionNanos()).isPositive();
        assertThat(report.startup().tinyRestoreNanos()).isPositive();
        // the console's default --ssh-ciphers puts AES-GCM first; the stock variant keeps ssh's own list
        assertThat(text).contains("ssh ciphers (negotiated, ssh -v): restore --from-ssh aes128-gcm@openssh.com",
                "stock ssh … get-stream chacha20-poly1305@openssh.com (ssh's own list)");
        assertThat(text).contains("round 1 of 1", "| variant | wall s | MB/s | CPU s |",
                "`btrfs-backup-console restore --from-dir`", "`gpg -d FILE | zstd -d | btrfs receive`",
                "`btrfs-backup-console restore --from-ssh`", "`ssh … get-stream | gpg -d | zstd -d | btrfs receive`",
                "chain of 4: `btrfs-backup-console restore --from-dir` (one JVM)", "`btrfs-backup-console verify`",
                "a. restore --from-dir", "b. restore --from-ssh", "c. chain of 4 links", "d. verify reads",
                "e. console --version", "e. tiny restore");
        assertThat(text.lines().filter(l -> l.matches("^[a-e]\\. .*: (PASS|PASS \\(aim reached\\)|MISSED)$")))
                .hasSize(6);
    }
}
