package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.version.ProductVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's command line: --help and --version are options, not config paths; -c/--config names the file. */
class BrokerMainUsageTest {

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BrokerMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Result help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: btrfs-backup-broker").contains("-c, --config=FILE");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void versionPrintsTheProductVersion() {
        Result version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out().strip()).isEqualTo("btrfs-backup-broker " + ProductVersion.VERSION);
    }

    @Test
    void theLongConfigOptionNamesTheFile(@TempDir Path root) throws Exception {
        Path config = root.resolve("broker.conf");
        Files.writeString(config, "BROKER_MAX_DELIVERY_ATTEMPTS=never\n");
        Result bad = run("--config", config.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains(config + ":1: BROKER_MAX_DELIVERY_ATTEMPTS=never");
    }

    @Test
    void anUnknownOptionOrTwoConfigFilesAreUsageErrors(@TempDir Path root) {
        Result unknown = run("--no-such-option");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option").contains("usage: btrfs-backup-broker");

        Result twice = run("-c", root.resolve("a.conf").toString(), root.resolve("b.conf").toString());
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains("give the config file once");
    }
}
