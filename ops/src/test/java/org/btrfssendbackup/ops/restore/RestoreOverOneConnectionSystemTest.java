package org.btrfssendbackup.ops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore --from-ssh over a real sshd makes one connection and starts one receiver, however many
 * links it restores (read-session); against a receiver that refuses read-session (an older
 * backup-srv) it still restores, one connection per command. In front of the real receiver sits
 * a fake forced command (a shell script, named as such): it appends each command it is run with
 * to a log, and per its mode file plays an older receiver (refuses read-session as unknown, exit
 * status 2), a receiver stuck without answering, or one whose replies stop halfway while the
 * channel stays open (both must fail the restore at the console's stall timeout).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreOverOneConnectionSystemTest {

    private Path work;
    private RestoreOverSshRig rig;
    private ChainFixture fixture;
    private Path runs;
    private Path mode;

    @BeforeAll
    void build(@TempDir Path dir) throws Exception {
        work = dir;
        runs = work.resolve("receiver-runs");
        mode = work.resolve("receiver-mode");
        rig = RestoreOverSshRig.start(work, store -> ReceiverSshd.startBehind(work, store, this::fakeInFront));
        fixture = rig.fixture;
    }

    @AfterAll
    void cleanUp() {
        if (rig != null) {
            rig.close();
        }
    }

    @BeforeEach
    void freshLog() throws IOException {
        Files.deleteIfExists(runs);
        Files.writeString(mode, "current\n");
    }

    /** The fake forced command in front of the real receiver wrapper. */
    private Path fakeInFront(Path receiver) {
        String real = CommandLine.shellQuoted(receiver.toString());
        String script = String.join("\n",
                "#!/bin/sh",
                "# a fake in front of the real receiver (tests only): logs every run; 'older' refuses read-session",
                "# as a receiver without it does",
                "printf '%s\\n' \"$1\" >> " + CommandLine.shellQuoted(runs.toString()),
                "set -- \"$1\"",
                "read -r how < " + CommandLine.shellQuoted(mode.toString()),
                "case \"$how\" in",
                "  older) if [ \"$1\" = read-session ]; then",
                "      echo \"btrfs-backup-receive: refused: unknown command 'read-session' (accepted: version,"
                        + " put-stream, list, get-stream, open-luks, receive, prune-received, close-luks)\" >&2",
                "      exit 2",
                "    fi ;;",
                "  # an older receiver whose list hangs (ssh's stdin is closed for a one-shot call: sleep, short,",
                "  # so nothing outlives the test)",
                "  older-silent) if [ \"$1\" = read-session ]; then",
                "      echo \"btrfs-backup-receive: refused: unknown command 'read-session'\" >&2",
                "      exit 2",
                "    fi",
                "    exec sleep 5 ;;",
                "  # a receiver alive but stuck: reads the requests, answers nothing, holds the channel open",
                "  silent) exec cat >/dev/null ;;",
                "  # the real receiver's replies, cut after N bytes while the channel stays open (ends with ssh);",
                "  # head unbuffered, or the list's short reply would wait in its stdio buffer",
                "  stall-*) " + real + " \"$1\" | { stdbuf -o0 head -c \"${how#stall-}\"; exec cat >/dev/null; }; exit ;;",
                "esac",
                "exec " + real + " \"$1\"",
                "");
        try {
            Path fake = work.resolve("forced-command-fake");
            Files.writeString(fake, script);
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aChainOfFourLinksIsRestoredOverOneConnectionAndOneReceiver() throws Exception {
        Path target = rig.newTarget();
        RestoreResult result = restore(target);

        assertThat(result.receivedCount()).isEqualTo(4);
        assertThat(new TreeComparison().compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
        assertThat(Files.readAllLines(runs)).as("one ssh connection, one receiver run").containsExactly("read-session");
    }

    @Test
    void aReceiverWithoutReadSessionStillRestoresOneConnectionPerCommand() throws Exception {
        Files.writeString(mode, "older\n");
        Path target = rig.newTarget();
        RestoreResult result = restore(target);

        assertThat(result.receivedCount()).isEqualTo(4);
        assertThat(new TreeComparison().compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
        List<String> expected = new ArrayList<>(List.of("read-session", "list " + ChainFixture.SET));
        for (int i = 0; i < 4; i++) {
            expected.add("get-stream " + ChainFixture.SET + " " + fixture.streamFile(i).getFileName());
        }
        assertThat(Files.readAllLines(runs)).containsExactlyElementsOf(expected);
        assertThat(result.warnings()).as("an older receiver is no warning").isEmpty();
    }

    @Test
    @Timeout(120) // without the console's read deadline this waited for the receiver's idle timeout (10 min)
    void aReceiverThatAnswersNothingFailsTheRestoreAtTheStallTimeout() throws Exception {
        Files.writeString(mode, "silent\n");
        Path target = rig.newTarget();
        long start = System.nanoTime();

        assertThatThrownBy(() -> restore(target, Duration.ofSeconds(2))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("listing " + ChainFixture.SET + " failed")
                .hasMessageContaining("no byte arrived for 2s (--ssh-stall-timeout): backup-srv's receiver or the link"
                        + " stopped sending; ssh was ended");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the stall timeout, not ssh's keepalives")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(target).isEmptyDirectory();
    }

    @Test
    @Timeout(120)
    void anOlderReceiversOneShotListIsBoundedByTheStallTimeoutAsAWhole() throws Exception {
        Files.writeString(mode, "older-silent\n");
        Path target = rig.newTarget();
        long start = System.nanoTime();

        assertThatThrownBy(() -> restore(target, Duration.ofSeconds(2))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("listing " + ChainFixture.SET + " failed")
                .hasMessageContaining("timed out")
                .hasMessageEndingWith("(after 2s, --ssh-stall-timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(target).isEmptyDirectory();
    }

    @Test
    @Timeout(120)
    void aStreamThatStopsHalfwayFailsTheRestoreAndLeavesNoHalfReceivedSnapshot() throws Exception {
        // half the full stream's file: past the list's reply, inside the first get-stream's body
        long cut = Files.size(fixture.streamFile(0)) / 2;
        Files.writeString(mode, "stall-" + cut + "\n");
        Path target = rig.newTarget();
        long start = System.nanoTime();

        assertThatThrownBy(() -> restore(target, Duration.ofSeconds(2))).isInstanceOf(RestoreException.class)
                .hasMessageContaining("restore " + fixture.snapshot(0).getFileName())
                .hasMessageContaining("no byte arrived for 2s (--ssh-stall-timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(target).as("the half-received link was deleted").isEmptyDirectory();
        assertThat(Files.readAllLines(runs)).containsExactly("read-session");
    }

    private RestoreResult restore(Path target) throws Exception {
        return restore(target, SshSource.DEFAULT_STALL_TIMEOUT);
    }

    private RestoreResult restore(Path target, Duration stallTimeout) throws Exception {
        try (Passphrase passphrase = Passphrase.fromFile(fixture.passphraseFile);
             SshSource source = new SshSource(rig.sshd.client(), BackupSetName.of(ChainFixture.SET), fixture.runner,
                     stallTimeout)) {
            return new Restorer(fixture.btrfs, RestoreReporter.silent()).restore(source, Optional.empty(), passphrase, target);
        }
    }
}
