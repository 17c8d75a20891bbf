package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's hub set-up, followed literally but below a temp directory: the shipped
 * broker.conf.example as broker.conf (only /etc, /var/lib and the port moved), then
 * {@code btrfs-backup-broker init}, then the broker started from that file; then
 * {@code btrfs-backup-console status} with no flags and no environment reaches it over TLS as
 * the operator.
 */
class HubConsoleDefaultsTest {

    static final Path EXAMPLE = Path.of("deploy", "backup-srv", "broker.conf.example");

    @Test
    void theConsoleWithNoFlagsReachesTheHubSetUpAsDocumented(@TempDir Path root) throws Exception {
        int port = LoopbackPorts.free();
        Path etc = Files.createDirectories(root.resolve("etc/btrfs-send-backup"));
        // what the unit's StateDirectory= makes before the broker starts
        Files.createDirectories(root.resolve("var/lib/btrfs-send-backup/broker"));
        Path config = etc.resolve("broker.conf");
        Files.writeString(config, Files.readString(EXAMPLE)
                .replace("/etc/btrfs-send-backup", etc.toString())
                .replace("/var/lib/btrfs-send-backup", root.resolve("var/lib/btrfs-send-backup").toString())
                .replace(":61617", ":" + port)
                // the only additions: a name and in-VM id of its own in this test JVM, and its journal and
                // passwords under the test's directory (the example leaves BROKER_DATA_DIR at the unit's
                // StateDirectory, /var/lib/btrfs-send-backup/broker, and BROKER_PASSWORD_DIR commented out at
                // its default, /etc/btrfs-send-backup/broker: init would write this host's real password files)
                + "\nBROKER_NAME=hub-console-defaults\nBROKER_IN_VM_ID=7301\n"
                + "BROKER_DATA_DIR=" + root.resolve("var/lib/btrfs-send-backup/broker") + "\n"
                + "BROKER_PASSWORD_DIR=" + etc.resolve("broker") + "\n");
        ByteArrayOutputStream initOut = new ByteArrayOutputStream();
        int init = BrokerMain.execute(new String[] {"init", "-c", config.toString(), "--hub-host", "localhost",
            "--bundle-dir", root.resolve("bundles").toString()}, new PrintStream(initOut, true), System.err);
        assertThat(init).as(initOut.toString(StandardCharsets.UTF_8)).isZero();

        BrokerSettings settings = BrokerSettings.fromConfigFile(config, warning -> { });
        assertThat(settings.tcpAcceptor().tls()).as("the example listens with TLS").isNotNull();
        assertThat(settings.dataDirectory()).as("the test's journal stays in its own directory").startsWith(root);
        assertThat(settings.users()).as("the test's passwords stay in its own directory")
                .allSatisfy(user -> assertThat(user.passwordFile()).startsWith(root));
        EmbeddedBroker hub = new EmbeddedBroker(settings);
        hub.start();
        try {
            ConsoleEnvironment noFlags = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()).withBrokerConfig(config);
            ConsoleResult status = ConsoleHarness.runRaw(noFlags, "status");
            // reached and authenticated: the verdict about an empty audit log, not exit 3 (unreachable) or 4 (refused)
            assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(status.out()).contains("no backup set has any event in the audit log");
        } finally {
            hub.stop();
        }
    }

    @Test
    void withoutABrokerConfigTheBuiltInDefaultsAreTheBrokersDefaults(@TempDir Path root) {
        OpsMain main = new OpsMain(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none())
                .withBrokerConfig(root.resolve("missing.conf")));
        assertThat(main.user()).isEqualTo("operator");
        // the broker's default BROKER_PASSWORD_DIR is /etc/btrfs-send-backup/broker
        assertThat(main.passwordFile()).isEqualTo(Path.of("/etc/btrfs-send-backup/broker/operator.password"));
    }
}
