package org.btrfssendbackup.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules (deploy/prometheus) are valid for Prometheus and do what their unit
 * tests say: each alert fires when it should and not before (promtool from Debian's prometheus).
 */
class AlertRulesTest {

    static final Path RULES_DIR = Path.of("deploy", "prometheus");
    static final Path RULES = RULES_DIR.resolve("btrfs-backup.rules.yml");

    private static CommandResult promtool(String... args) {
        SystemTests.assumeTool("promtool");
        return new LocalProcessRunner().run(CommandLine.of("promtool").append(args)
                .describedAs("promtool " + String.join(" ", args)).acceptingExitStatus(0, 1)
                .inDirectory(RULES_DIR.toAbsolutePath()).withTimeout(Duration.ofSeconds(60)), StdinSource.none());
    }

    @Test
    void promtoolChecksTheRules() {
        CommandResult result = promtool("check", "rules", RULES.getFileName().toString());
        assertThat(result.exitStatus()).as(result.stdoutText() + result.stderrTail()).isZero();
        assertThat(result.stdoutText()).contains("SUCCESS: 6 rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() {
        CommandResult result = promtool("test", "rules", "btrfs-backup.rules.test.yml");
        assertThat(result.exitStatus()).as(result.stdoutText() + result.stderrTail()).isZero();
        assertThat(result.stdoutText()).contains("SUCCESS");
    }
}
