package org.btrfssendbackup.ops.demo;

import org.btrfssendbackup.core.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.version.ProductVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The btrfs-backup-demo command line, without running a cycle (BackupCycleTest runs one). */
class BackupCycleDemoTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(int uid, String... args) {
        return BackupCycleDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> uid);
    }

    @Test
    void helpPrintsTheUsageWithItsOptionsAndExitCodesAndExitsZero() {
        assertThat(run(0, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: btrfs-backup-demo")
                .contains("--work-base=DIR", "--verbose", "--version", "Exit codes:", "130");
    }

    @Test
    void versionPrintsTheOneVersionString() {
        assertThat(run(0, "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("btrfs-backup-demo " + ProductVersion.VERSION);
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        assertThat(run(0, "--keep-everything")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--keep-everything").contains("Usage:");
    }

    @Test
    void withoutRootItRefusesBeforeMakingAnything(@TempDir Path base) throws Exception {
        assertThat(run(1000, "--work-base", base.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run as root");
        try (var made = Files.list(base)) {
            assertThat(made).isEmpty();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
