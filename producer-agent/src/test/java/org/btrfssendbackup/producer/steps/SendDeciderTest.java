package org.btrfssendbackup.producer.steps;

import org.btrfssendbackup.core.protocol.ReceiverCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.producer.testing.DirectoryUploader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full or incremental wired from what is on disk: STATE_FILE, the parent in SNAPSHOT_DIR
 * (only its existence matters here, so plain directories stand in), STATE_FILE.last-full,
 * and the receiver's listing when last-full is missing.
 */
class SendDeciderTest {

    static final String P = "prod-srv-rootfs-";

    @TempDir
    Path dir;

    DirectoryUploader uploader;

    SendDecider decider(String... extra) throws Exception {
        ProducerConfig config = ProducerConfig.load(ConfigFiles.prodConf(dir, dir.resolve("top"), dir, extra));
        uploader = new DirectoryUploader(dir.resolve("srv"));
        LocalProcessRunner runner = new LocalProcessRunner();
        ProducerTools tools = new ProducerTools(new CliBtrfs(runner), new CliSystemctl(runner), uploader,
                () -> null, Clock.systemUTC(), "prod-srv", Optional.empty());
        return new SendDecider(new ProducerRuntime(config, tools, new RunLock(dir.resolve("lock"), Clock.systemUTC()), e -> { }));
    }

    void state(String lastSent, String lastFull, boolean parentExists) throws Exception {
        if (lastSent != null) {
            Files.writeString(dir.resolve("last-sent"), P + lastSent + "\n");
            if (parentExists) {
                Files.createDirectories(dir.resolve("top/@backup-snapshots").resolve(P + lastSent));
            }
        }
        if (lastFull != null) {
            Files.writeString(dir.resolve("last-sent.last-full"), P + lastFull + "\n");
        }
    }

    @ParameterizedTest(name = "state={0} lastFull={1} parentExists={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "-,                -,                false, full",   // no state
        "20260301T020500Z, 20260201T020500Z, true,  incr",   // 29 days since the full
        "20260301T020500Z, 20260101T020500Z, true,  full",   // FULL_INTERVAL_DAYS=32 elapsed
        "20260301T020500Z, 20260201T020500Z, false, full",   // parent deleted locally
        "20260301T020500Z, -,                true,  full",   // last full unknown, receiver has nothing
    })
    void decidesFromTheStateOnDisk(String lastSent, String lastFull, boolean parentExists, String expected)
            throws Exception {
        SendDecider decider = decider();
        state(lastSent, lastFull, parentExists);

        SendPlan plan = decider.decide(SnapshotName.parse(P + "20260302T020500Z"), false);

        assertThat(plan.kind().token()).isEqualTo(expected);
        if (plan.kind() == StreamKind.INCR) {
            assertThat(plan.parent()).contains(SnapshotName.parse(P + lastSent));
        }
    }

    @Test
    void whenLastFullIsMissingTheReceiversChainAnswers() throws Exception {
        SendDecider decider = decider();
        state("20260301T020500Z", null, true);
        storeChain();

        SendPlan plan = decider.decide(SnapshotName.parse(P + "20260302T020500Z"), false);

        assertThat(plan.kind()).isEqualTo(StreamKind.INCR);
        assertThat(plan.explanation()).contains("incremental on " + P + "20260301T020500Z");
    }

    @Test
    void forceFullAlwaysSendsAFull() throws Exception {
        SendDecider decider = decider();
        state("20260301T020500Z", "20260228T020500Z", true);
        assertThat(decider.decide(SnapshotName.parse(P + "20260302T020500Z"), true).kind()).isEqualTo(StreamKind.FULL);
    }

    /** Full on 02-20, incrementals up to 03-01, through the test uploader's put-stream. */
    private void storeChain() throws Exception {
        var set = org.btrfssendbackup.core.layout.BackupSetName.of("prod-srv/rootfs");
        String previous = null;
        for (String stamp : new String[] {"20260220T020500Z", "20260225T020500Z", "20260301T020500Z"}) {
            var request = new org.btrfssendbackup.core.protocol.ReceiverCommand.PutStream(set, SnapshotName.parse(P + stamp),
                    previous == null ? StreamKind.FULL : StreamKind.INCR,
                    Optional.ofNullable(previous).map(s -> SnapshotName.parse(P + s)),
                    org.btrfssendbackup.core.manifest.Compression.NONE);
            uploader.putStream(request, out -> {
                out.write(1);
                return new org.btrfssendbackup.core.stream.EncodedStream(1, 1, "a".repeat(64),
                        org.btrfssendbackup.core.manifest.Compression.NONE);
            });
            previous = stamp;
        }
    }
}
