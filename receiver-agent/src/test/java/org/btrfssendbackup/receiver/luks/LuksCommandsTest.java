package org.btrfssendbackup.receiver.luks;

import org.btrfssendbackup.core.protocol.OpenLuksReply;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.CliCryptsetup;
import org.btrfssendbackup.core.tools.CliMounts;
import org.btrfssendbackup.receiver.Receiver;
import org.btrfssendbackup.receiver.events.RecordingReceiverEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * open-luks and close-luks: the exact cryptsetup and mount command lines, in order, for every
 * state the volume can be found in, and where the key goes (stdin only). cryptsetup and mount
 * are {@link RecordingProcessFactory} stand-ins here (this kernel has no device-mapper); the
 * VM test runs them for real.
 */
class LuksCommandsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A key as the seed makes it: openssl rand -base64 64, two lines. */
    static final byte[] KEY = ("q5nXk0Vq3Yd9LrC1mB8wZt2sHf6Pj4UeAo7GiRlTxKcNy0DbEv3Sh5Wu9Ma1Qz2Ip8Lo4Jn6Kg0Fr7Ct3Xe5Bd\n"
            + "Yw9Vs1Ua2Tb3Rc==\n").getBytes(StandardCharsets.US_ASCII);
    static final String DEVICE = "/dev/vdz";
    static final String NAME = "btrfs_backup";

    @TempDir
    Path tmp;
    Path mount;
    RecordingProcessFactory processes;
    RecordingReceiverEvents events;
    Receiver receiver;

    record Outcome(int status, String stdout, String stderr) {
    }

    @BeforeEach
    void setUp() throws IOException {
        mount = tmp.resolve("mnt");
        Path config = tmp.resolve("btrfs-backup-receive");
        Files.writeString(config, String.join("\n", "LUKS_DEVICE=" + DEVICE, "LUKS_NAME=" + NAME,
                "LUKS_MOUNT=" + mount, "RECEIVED_ROOT=" + mount.resolve("received"), "BACKUP_ROOT=" + tmp.resolve("store"), ""));
        processes = new RecordingProcessFactory(Files.createDirectories(tmp.resolve("calls")));
        events = new RecordingReceiverEvents();
        receiver = new Receiver(ReceiverConfig.load(config), Clock.systemUTC(), events,
                new LocalProcessRunner(processes));
    }

    private Outcome run(String command, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = receiver.run(command, new ByteArrayInputStream(stdin), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String status() {
        return "cryptsetup status " + NAME;
    }

    private String isMounted() {
        return "mountpoint -q " + mount;
    }

    private String open() {
        return "cryptsetup open --type luks --key-file=- " + DEVICE + " " + NAME;
    }

    private String testKey() {
        return "cryptsetup open --test-passphrase --key-file=- " + DEVICE;
    }

    private String doMount() {
        return "mount /dev/mapper/" + NAME + " " + mount;
    }

    @Test
    void openingAClosedVolumeOpensWithTheKeyOnStdinThenMountsAndCreatesReceivedRoot() throws Exception {
        processes.answer(status(), 4).answer(isMounted(), 32);

        Outcome opened = run("open-luks", KEY);

        assertThat(opened.status()).as(opened.stderr()).isZero();
        JsonNode reply = JSON.readTree(opened.stdout());
        assertThat(reply.get("status").asText()).isEqualTo("opened");
        assertThat(reply.get("device").asText()).isEqualTo(DEVICE);
        assertThat(reply.get("mapping").asText()).isEqualTo("/dev/mapper/" + NAME);
        assertThat(reply.get("mount").asText()).isEqualTo(mount.toString());
        assertThat(processes.lines()).containsExactly(status(), isMounted(), open(), doMount());
        RecordingProcessFactory.Call openCall = processes.calls().get(2);
        assertThat(openCall.stdin()).as("the key, whole, trailing newline included").isEqualTo(KEY);
        assertThat(mount.resolve("received")).isDirectory();
        assertThat(events.remoteBtrfs).containsExactly("LuksOpened " + NAME + " alreadyOpen=false");
        assertKeyOnlyOnStdin(opened);
    }

    @Test
    void aWrongKeyIsRefusedWithNothingMountedOrLeftOpen() throws Exception {
        processes.answer(status(), 4).answer(isMounted(), 32).answer(open(), 2);

        Outcome refused = run("open-luks", KEY);

        assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(refused.stderr()).isEqualTo("btrfs-backup-receive: refused: wrong LUKS key for " + DEVICE
                + "; nothing opened\n");
        assertThat(refused.stdout()).isEmpty();
        assertThat(processes.lines()).containsExactly(status(), isMounted(), open());
        assertThat(events.refused).singleElement().asString().startsWith("open-luks -> wrong LUKS key");
        assertThat(events.remoteBtrfs).isEmpty();
        assertKeyOnlyOnStdin(refused);
    }

    @Test
    void aFailedMountClosesTheMappingAgain() throws Exception {
        processes.answer(status(), 4).answer(isMounted(), 32).answer(doMount(), 32);

        Outcome failed = run("open-luks", KEY);

        assertThat(failed.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(failed.stderr()).startsWith("btrfs-backup-receive: failed: open-luks " + DEVICE + ": mounting")
                .contains("closed it again").hasLineCount(1);
        assertThat(processes.lines()).containsExactly(status(), isMounted(), open(), doMount(),
                "cryptsetup close " + NAME);
        assertThat(events.remoteBtrfs).isEmpty();
    }

    @Test
    void openAndMountedAlreadyIsSuccessOnlyWithTheRightKey() throws Exception {
        Outcome again = run("open-luks", KEY);

        assertThat(again.status()).as(again.stderr()).isZero();
        assertThat(JSON.readTree(again.stdout()).get("status").asText()).isEqualTo("already-open");
        assertThat(processes.lines()).containsExactly(status(), isMounted(), testKey());
        assertThat(processes.calls().get(2).stdin()).isEqualTo(KEY);
        assertThat(events.remoteBtrfs).containsExactly("LuksOpened " + NAME + " alreadyOpen=true");

        processes.answer(testKey(), 2);
        Outcome wrong = run("open-luks", "guess\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(wrong.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(wrong.stderr()).contains("refused: wrong LUKS key");
    }

    @Test
    void anOpenButUnmountedVolumeIsMountedAfterTheKeyCheck() throws Exception {
        processes.answer(isMounted(), 32);

        Outcome opened = run("open-luks", KEY);

        assertThat(opened.status()).as(opened.stderr()).isZero();
        assertThat(JSON.readTree(opened.stdout()).get("status").asText()).isEqualTo("opened");
        assertThat(processes.lines()).containsExactly(status(), isMounted(), testKey(), doMount());
    }

    @Test
    void somethingElseMountedAtTheMountPointIsAFailureAndNothingIsOpened() throws Exception {
        processes.answer(status(), 4);

        Outcome failed = run("open-luks", KEY);

        assertThat(failed.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(failed.stderr()).contains("something else is mounted there");
        assertThat(processes.lines()).containsExactly(status(), isMounted());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, LuksKeyInput.MAX_KEY_BYTES + 1, 1 << 20})
    void anEmptyOrOversizedKeyIsRefusedBeforeAnyProgramRuns(int size) throws Exception {
        Outcome refused = run("open-luks", new byte[size]);

        assertThat(refused.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(refused.stderr()).startsWith("btrfs-backup-receive: refused: open-luks: ").hasLineCount(1);
        assertThat(processes.calls()).isEmpty();
    }

    @Test
    void aKeyOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] key = new byte[LuksKeyInput.MAX_KEY_BYTES];
        java.util.Arrays.fill(key, (byte) 'k');
        processes.answer(status(), 4).answer(isMounted(), 32);

        assertThat(run("open-luks", key).status()).isZero();
        assertThat(processes.calls().get(2).stdin()).isEqualTo(key);
    }

    @Test
    void closeUnmountsThenClosesAndIsIdempotent() throws Exception {
        Outcome closed = run("close-luks", new byte[0]);

        assertThat(closed.status()).as(closed.stderr()).isZero();
        assertThat(JSON.readTree(closed.stdout()).get("status").asText()).isEqualTo("closed");
        assertThat(processes.lines()).containsExactly(isMounted(), status(), "umount " + mount, "cryptsetup close " + NAME);
        assertThat(events.remoteBtrfs).containsExactly("LuksClosed " + NAME + " wasOpen=true");

        processes.answer(status(), 4).answer(isMounted(), 32);
        Outcome again = run("close-luks", new byte[0]);
        assertThat(again.status()).isZero();
        assertThat(JSON.readTree(again.stdout()).get("status").asText()).isEqualTo("already-closed");
        assertThat(processes.lines().subList(4, processes.lines().size())).containsExactly(isMounted(), status());
        assertThat(events.remoteBtrfs).endsWith("LuksClosed " + NAME + " wasOpen=false");
    }

    @Test
    void aBusyMountIsRetriedThenReportedAndTheMappingStaysOpen() throws Exception {
        processes.answer("umount ", 32);

        Outcome failed = run("close-luks", new byte[0]);

        assertThat(failed.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(failed.stderr()).startsWith("btrfs-backup-receive: failed: close-luks: unmount " + mount).hasLineCount(1);
        assertThat(processes.lines()).containsExactly(isMounted(), status(), "umount " + mount, "umount " + mount,
                "umount " + mount);
    }

    @Test
    void theVolumeConsumesTheKeyArray() {
        processes.answer(status(), 4).answer(isMounted(), 32);
        LocalProcessRunner runner = new LocalProcessRunner(processes);
        LuksVolume volume = new LuksVolume(receiver.config().luks().orElseThrow(), new CliCryptsetup(runner),
                new CliMounts(runner));
        byte[] key = KEY.clone();

        assertThat(volume.open(key)).isEqualTo(OpenLuksReply.Status.OPENED);

        assertThat(key).as("zeroed once cryptsetup has it").containsOnly(0);
    }

    /** Not in any argv, not in any child's environment, not in the reply or the error line. */
    private void assertKeyOnlyOnStdin(Outcome outcome) throws IOException {
        String key = new String(KEY, StandardCharsets.US_ASCII);
        String firstLine = key.lines().findFirst().orElseThrow();
        List<RecordingProcessFactory.Call> calls = processes.calls();
        for (RecordingProcessFactory.Call call : calls) {
            assertThat(call.argv()).noneMatch(arg -> arg.contains(firstLine));
            assertThat(call.environment().values()).noneMatch(value -> value.contains(firstLine));
        }
        assertThat(outcome.stdout()).doesNotContain(firstLine);
        assertThat(outcome.stderr()).doesNotContain(firstLine);
        assertThat(events.refused).noneMatch(line -> line.contains(firstLine));
    }
}
