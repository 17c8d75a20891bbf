package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-line errors with documented exit statuses; stack traces only with --verbose. */
class ConnectionErrorsTest {

    private static final ConsoleEnvironment NO_TERMINAL = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none());

    @Test
    void unreachableBrokerExitsThreeWithOneLineNamingTheUrl(@TempDir Path root) throws Exception {
        Path passwordFile = root.resolve("operator.password");
        BrokerFixture.writePassword(passwordFile, "secret");
        String url = "tcp://127.0.0.1:" + LoopbackPorts.free();

        ConsoleResult result = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", url, "--password-file", passwordFile.toString(),
                "dlq", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ConsoleExitCodes.BROKER_UNREACHABLE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("btrfs-backup-console dlq list: cannot reach the broker at " + url + ": ");

        ConsoleResult verbose = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", url, "--password-file", passwordFile.toString(),
                "status", "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(ConsoleExitCodes.BROKER_UNREACHABLE);
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void anUnknownBrokerHostIsOneLineNamingTheHostAndTheCommand(@TempDir Path root) throws Exception {
        Path passwordFile = root.resolve("operator.password");
        BrokerFixture.writePassword(passwordFile, "secret");
        String url = "tcp://no-such-host.invalid:61616";

        ConsoleResult result = ConsoleHarness.runRaw(NO_TERMINAL, "events", "list", "--broker", url,
                "--password-file", passwordFile.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ConsoleExitCodes.BROKER_UNREACHABLE);
        assertThat(result.err().lines().toList()).singleElement().asString().isEqualTo("btrfs-backup-console events list: "
                + "cannot reach the broker at " + url + ": unknown host no-such-host.invalid"
                + " (check --broker or $" + ConsoleEnvironment.BROKER_URL_VARIABLE + ")");
    }

    @Test
    void brokerUrlComesFromTheEnvironmentWhenNotGiven(@TempDir Path root) throws Exception {
        Path passwordFile = root.resolve("operator.password");
        BrokerFixture.writePassword(passwordFile, "secret");
        String url = "tcp://127.0.0.1:" + LoopbackPorts.free();
        ConsoleEnvironment environment = new ConsoleEnvironment(Map.of(ConsoleEnvironment.BROKER_URL_VARIABLE, url),
                Clock.systemUTC(), Terminal.none());

        ConsoleResult result = ConsoleHarness.runRaw(environment, "--password-file", passwordFile.toString(), "events", "list");

        assertThat(result.exitCode()).isEqualTo(ConsoleExitCodes.BROKER_UNREACHABLE);
        assertThat(result.err()).contains(url);
    }

    @Test
    void wrongPasswordOrUnusablePasswordFileExitsFour(@TempDir Path root) throws Exception {
        try (BrokerFixture fixture = BrokerFixture.start(root.resolve("broker"))) {
            Path wrong = root.resolve("wrong.password");
            BrokerFixture.writePassword(wrong, "not-the-secret");
            ConsoleResult refused = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", fixture.broker().inVmUrl(),
                    "--password-file", wrong.toString(), "events", "list");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ConsoleExitCodes.AUTHENTICATION_REFUSED);
            assertThat(refused.err().lines().toList()).singleElement().asString()
                    .contains("refused user 'operator'").contains(fixture.broker().inVmUrl());

            ConsoleResult producer = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", fixture.broker().inVmUrl(),
                    "--user", "producer", "--password-file", fixture.passwordDirectory().resolve("producer.password").toString(),
                    "dlq", "list");
            assertThat(producer.exitCode()).as(producer.toString()).isEqualTo(ConsoleExitCodes.AUTHENTICATION_REFUSED);
            assertThat(producer.err()).contains("refused user 'producer'");

            ConsoleResult missing = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", fixture.broker().inVmUrl(),
                    "--password-file", root.resolve("absent.password").toString(), "status");
            assertThat(missing.exitCode()).isEqualTo(ConsoleExitCodes.AUTHENTICATION_REFUSED);
            assertThat(missing.err()).contains("absent.password").doesNotContain("\tat ");
        }
    }

    @Test
    void usageErrorsAndHelpDocumentTheExitCodes() {
        ConsoleResult noCommand = ConsoleHarness.runRaw(NO_TERMINAL);
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);

        ConsoleResult badUrl = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", "http://x", "--password-file", "/nonexistent",
                "status");
        assertThat(badUrl.exitCode()).isIn(ExitCodes.USAGE, ConsoleExitCodes.AUTHENTICATION_REFUSED);

        ConsoleResult purge = ConsoleHarness.runRaw(NO_TERMINAL, "--broker", "tcp://127.0.0.1:1", "dlq", "purge");
        assertThat(purge.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(purge.err()).contains("--yes");

        ConsoleResult help = ConsoleHarness.runRaw(NO_TERMINAL, "dlq", "list", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("3   broker unreachable").contains("4   authentication refused")
                .contains("--broker=URL").contains("--json");
    }
}
