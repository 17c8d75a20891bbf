package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one-shot run's failure lines on stderr (-q's summary, or "cannot reach the broker" and the
 * like without it) carry the journal's error priority when stderr is the journal, and are plain
 * otherwise. The run fails in its snapshot step (SOURCE_TOP does not exist); its hub's port has
 * nobody listening, so its events wait in the local broker (in the test's directory).
 */
class JournalFailureLineTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "quiet {0}, journal {1}")
    @CsvSource({"true, true", "false, true", "true, false"})
    void aFailureLineCarriesTheErrorPriorityOnlyOnTheJournal(boolean quiet, boolean journal) throws Exception {
        Path password = Files.writeString(dir.resolve("broker.password"), "secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path conf = ConfigFiles.prodConf(dir, dir.resolve("top"), dir, "BROKER_USER=prod-srv",
                "BROKER_PASSWORD_FILE=" + password, "LOCAL_BROKER_DIR=" + dir.resolve("broker-local"),
                "BROKER_FORWARD_WAIT=1s",
                "BROKER_URL=\"tcp://127.0.0.1:" + LoopbackPorts.free() + "?reconnectAttempts=0&initialConnectAttempts=1\"");
        List<String> args = new ArrayList<>(List.of("run", "--config", conf.toString()));
        if (quiet) {
            args.add(0, "-q");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ProducerMain.execute(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), journal);

        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(ExitCodes.FAILED);
        String failure = quiet ? "btrfs-send-backup: backup set prod-srv/rootfs FAILED in " : "backup failed: ";
        assertThat(printed.lines()).as(printed).anyMatch(l -> l.startsWith((journal ? "<3>" : "") + failure))
                .noneMatch(l -> l.startsWith(journal ? failure : "<"));
    }
}
