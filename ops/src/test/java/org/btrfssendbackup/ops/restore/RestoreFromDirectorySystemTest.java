package org.btrfssendbackup.ops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.crypto.DerivedKeys;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Restores from a directory of copied files into a second loop btrfs, compared with the source snapshots. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreFromDirectorySystemTest {

    private Path work;

    private ChainFixture fixture;
    private LoopBtrfs restoreFs;
    private int targets;
    private final TreeComparison comparison = new TreeComparison();

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        work = dir;
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("zstd");
        fixture = ChainFixture.create(work);
        restoreFs = LoopBtrfs.create();
    }

    @AfterAll
    void cleanUp() {
        try {
            if (restoreFs != null) {
                restoreFs.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    @Test
    void restoresTheNewestSnapshotIdenticallyAndAResumeReceivesNothing() throws Exception {
        Path target = newTarget();
        RestoreResult result = restore(fixture.setDirectory(), Optional.empty(), target);

        assertThat(result.snapshot()).isEqualTo(ChainFixture.SNAPSHOTS.get(3));
        assertThat(result.restoredPath()).isEqualTo(target.resolve(ChainFixture.SNAPSHOTS.get(3)));
        assertThat(result.receivedCount()).isEqualTo(4);
        assertThat(comparison.compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
        assertThat(fixture.btrfs.isReadOnly(result.restoredPath())).isTrue();
        // the comparison's sparseness check is only meaningful if the files really are sparse
        for (String sparse : List.of("var/sparse.img", "var/sparse2.img")) {
            long allocated = 512 * Long.parseLong(fixture.runner.run(CommandLine.of("stat", "-c", "%b",
                    result.restoredPath().resolve(sparse).toString())).stdoutText().trim());
            assertThat(allocated).as(sparse).isLessThan(Files.size(result.restoredPath().resolve(sparse)) / 2);
        }

        RestoreResult again = restore(fixture.setDirectory(), Optional.empty(), target);
        assertThat(again.links()).extracting(LinkOutcome::status).containsOnly(LinkOutcome.Status.ALREADY_PRESENT);
    }

    @Test
    void restoresAnOlderSnapshot() throws Exception {
        Path target = newTarget();
        RestoreResult result = restore(fixture.setDirectory(), Optional.of(ChainFixture.SNAPSHOTS.get(1)), target);

        assertThat(result.links()).extracting(LinkOutcome::snapshot).containsExactly(ChainFixture.SNAPSHOTS.subList(0, 2).toArray(String[]::new));
        assertThat(comparison.compare(fixture.snapshot(1), result.restoredPath())).isEmpty();
        assertThat(comparison.compare(fixture.snapshot(3), result.restoredPath())).isNotEmpty();
    }

    @Test
    void resumesAfterAnInterruptionAndDeletesAHalfReceivedLeftover() throws Exception {
        Path target = newTarget();
        restore(fixture.setDirectory(), Optional.of(ChainFixture.SNAPSHOTS.get(1)), target);
        // what a receive killed half way leaves: a writable subvolume without a received UUID
        Path leftover = target.resolve(ChainFixture.SNAPSHOTS.get(2));
        fixture.runner.run(CommandLine.of("btrfs", "subvolume", "create", leftover.toString()));
        Files.writeString(leftover.resolve("half"), "half received");

        RestoreResult result = restore(fixture.setDirectory(), Optional.empty(), target);

        assertThat(result.links()).extracting(LinkOutcome::status).containsExactly(LinkOutcome.Status.ALREADY_PRESENT,
                LinkOutcome.Status.ALREADY_PRESENT, LinkOutcome.Status.RECEIVED, LinkOutcome.Status.RECEIVED);
        assertThat(comparison.compare(fixture.snapshot(2), leftover)).isEmpty();
        assertThat(comparison.compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
    }

    @Test
    void stockGpgZstdAndBtrfsReceiveRestoreTheSameChain() throws Exception {
        Path target = newTarget();
        Path gnupg = Files.createDirectories(work.resolve("gnupg-stock"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (int i = 0; i < 4; i++) {
            String decompress = i == 2 ? "" : " | zstd -d -q"; // the third link is stored without zstd
            String pipeline = "gpg --homedir '" + gnupg + "' --batch --quiet --pinentry-mode loopback --passphrase-file '"
                    + fixture.passphraseFile + "' --decrypt '" + fixture.streamFile(i) + "'" + decompress
                    + " | btrfs receive '" + target + "'";
            fixture.runner.run(CommandLine.of("bash", "-o", "pipefail", "-c", pipeline).describedAs("stock restore " + i));
        }
        assertThat(comparison.compare(fixture.snapshot(3), target.resolve(ChainFixture.SNAPSHOTS.get(3)))).isEmpty();
    }

    @Test
    void restoresSeedStyleFilesMadeByGpgSymmetricWithDefaults() throws Exception {
        Path seedSet = Files.createDirectories(work.resolve("seed-set"));
        Path gnupg = Files.createDirectories(work.resolve("gnupg-seed"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (int i = 0; i < 2; i++) {
            String name = ChainFixture.SNAPSHOTS.get(i);
            String parentOption = i == 0 ? "" : "-p '" + fixture.snapshot(i - 1) + "' ";
            Path file = seedSet.resolve(name + (i == 0 ? ".full" : ".incr") + ".btrfs.gpg");
            // the seed's pipeline: btrfs send | gpg --symmetric with gpg's defaults
            fixture.runner.run(CommandLine.of("bash", "-o", "pipefail", "-c", "btrfs send " + parentOption + "'"
                    + fixture.snapshot(i) + "' | gpg --homedir '" + gnupg + "' --batch --quiet --pinentry-mode loopback"
                    + " --passphrase-file '" + fixture.passphraseFile + "' --symmetric > '" + file + "'"));
            // the seed's manifest: snapshot and parent only
            Files.writeString(seedSet.resolve(name + ".manifest"),
                    "snapshot=" + name + "\nparent=" + (i == 0 ? "" : ChainFixture.SNAPSHOTS.get(i - 1)) + "\n");
        }
        Path target = newTarget();
        RestoreResult result;
        try (Passphrase passphrase = Passphrase.fromFile(fixture.passphraseFile)) {
            result = new Restorer(fixture.btrfs, RestoreReporter.silent()).restore(
                    new DirectorySource(seedSet, Optional.of(BackupSetName.of(ChainFixture.SET))), Optional.empty(),
                    passphrase, target);
        }
        assertThat(result.snapshot()).isEqualTo(ChainFixture.SNAPSHOTS.get(1));
        assertThat(result.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("no size or sha256"));
        assertThat(comparison.compare(fixture.snapshot(1), result.restoredPath())).isEmpty();
    }

    @Test
    void aMissingLinkIsNamedAndNothingIsReceived() throws Exception {
        Path copy = fixture.copyOfSet(work.resolve("missing-link"));
        Files.delete(copy.resolve(fixture.streamFile(1).getFileName()));
        Files.delete(copy.resolve(fixture.manifestFile(1).getFileName()));
        Path target = newTarget();

        assertThatThrownBy(() -> restore(copy, Optional.empty(), target))
                .isInstanceOf(RestoreException.class)
                .hasMessageContaining("missing link")
                .hasMessageContaining("parent " + ChainFixture.SNAPSHOTS.get(1) + " of " + ChainFixture.SNAPSHOTS.get(2));
        assertThat(ChainFixture.names(target)).isEmpty();
    }

    @Test
    void aTruncatedFileStopsTheRestoreBeforeAnythingIsReceived() throws Exception {
        Path copy = fixture.copyOfSet(work.resolve("truncated"));
        Path file = copy.resolve(fixture.streamFile(3).getFileName());
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size - 100);
        }
        Path target = newTarget();

        assertThatThrownBy(() -> restore(copy, Optional.empty(), target))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated: the manifest records " + size + " bytes, the file has " + (size - 100))
                .hasMessageContaining("nothing was received");
        assertThat(ChainFixture.names(target)).isEmpty();
    }

    /** No up-front hash pass: the damaged link fails while it is received, and is deleted; the links before it stay. */
    @Test
    void aFlippedByteFailsItsLinkWhichIsDeletedWhileTheLinksBeforeItStay() throws Exception {
        Path copy = fixture.copyOfSet(work.resolve("flipped"));
        Path file = copy.resolve(fixture.streamFile(1).getFileName());
        flipByte(file, Files.size(file) / 2);
        Path target = newTarget();

        assertThatThrownBy(() -> restore(copy, Optional.empty(), target))
                .hasMessageContaining("restore " + ChainFixture.SNAPSHOTS.get(1))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("altered");
        assertThat(ChainFixture.names(target)).containsExactly(ChainFixture.SNAPSHOTS.get(0));
    }

    /** The sha256 is computed in the receive's own pass and checked at the file's end. */
    @Test
    void aChecksumThatDoesNotMatchIsFoundWhileReceivingAndTheLinkIsDeleted() throws Exception {
        Path copy = fixture.copyOfSet(work.resolve("wrong-checksum"));
        Path manifest = copy.resolve(fixture.manifestFile(2).getFileName());
        String zeros = "0".repeat(64);
        Files.write(manifest, Files.readAllLines(manifest).stream()
                .map(l -> l.startsWith("sha256=") ? "sha256=" + zeros : l).toList());
        Path target = newTarget();

        assertThatThrownBy(() -> restore(copy, Optional.empty(), target))
                .hasMessageContaining("restore " + ChainFixture.SNAPSHOTS.get(2))
                .hasMessageContaining(copy.resolve(fixture.streamFile(2).getFileName()) + ": bad checksum: expected sha256 "
                        + zeros + ", actual ");
        assertThat(ChainFixture.names(target)).containsExactly(ChainFixture.SNAPSHOTS.subList(0, 2).toArray(String[]::new));
    }

    @Test
    void withoutRecordedChecksumsTheIntegrityCheckCatchesDamageAndNoHalfReceivedSubvolumeRemains() throws Exception {
        Path copy = fixture.copyOfSet(work.resolve("seedlike-damage"));
        for (int i = 0; i < 4; i++) {
            Path manifest = copy.resolve(fixture.manifestFile(i).getFileName());
            List<String> kept = Files.readAllLines(manifest).stream()
                    .filter(l -> !l.startsWith("sha256=") && !l.startsWith("bytes=")).toList();
            Files.write(manifest, kept);
        }
        Path file = copy.resolve(fixture.streamFile(3).getFileName());
        flipByte(file, Files.size(file) - 30); // inside the last packet, after most of the stream
        Path target = newTarget();

        assertThatThrownBy(() -> restore(copy, Optional.empty(), target))
                .hasMessageContaining("restore " + ChainFixture.SNAPSHOTS.get(3))
                .hasMessageContaining(file.toString());
        assertThat(ChainFixture.names(target)).containsExactly(ChainFixture.SNAPSHOTS.subList(0, 3).toArray(String[]::new));

        Path truncated = fixture.copyOfSet(work.resolve("seedlike-truncated"));
        Files.write(truncated.resolve(fixture.manifestFile(3).getFileName()),
                Files.readAllLines(copy.resolve(fixture.manifestFile(3).getFileName())));
        Path cut = truncated.resolve(fixture.streamFile(3).getFileName());
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(Files.size(cut) / 2);
        }
        assertThatThrownBy(() -> restore(truncated, Optional.empty(), target))
                .hasMessageContaining("restore " + ChainFixture.SNAPSHOTS.get(3))
                .hasMessageContaining(cut.toString());
        assertThat(ChainFixture.names(target)).containsExactly(ChainFixture.SNAPSHOTS.subList(0, 3).toArray(String[]::new));
    }

    /** Keys are derived ahead on one thread while links are received; it ends with the restore. */
    @Test
    void keysAreDerivedAheadOnOneThreadThatEndsWithTheRestore() throws Exception {
        Path target = newTarget();
        List<String> threadsAtEachLink = new ArrayList<>();
        RestoreReporter threads = new RestoreReporter() {
            @Override
            public void note(String line) {
                if (line.startsWith("receiving ")) {
                    threadsAtEachLink.add(String.valueOf(keyThreads()));
                }
            }

            @Override
            public void progress(String file, long bytes, OptionalLong total) {
            }

            @Override
            public void finished(String file) {
            }
        };
        try (Passphrase passphrase = Passphrase.fromFile(fixture.passphraseFile)) {
            RestoreResult result = new Restorer(fixture.btrfs, threads)
                    .restore(new DirectorySource(fixture.setDirectory(), Optional.empty()), Optional.empty(), passphrase, target);
            assertThat(comparison.compare(fixture.snapshot(3), result.restoredPath())).isEmpty();
        }
        assertThat(threadsAtEachLink).containsExactly("1", "1", "1", "1");
        assertThat(keyThreads()).isZero();
    }

    private static long keyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(DerivedKeys.THREAD_NAME) && t.isAlive()).count();
    }

    @Test
    void aWrongPassphraseIsNamedAndNothingIsReceived() throws Exception {
        Path wrong = ChainFixture.writePassphrase(work.resolve("wrong-passphrase"), "not the passphrase");
        Path target = newTarget();
        try (Passphrase passphrase = Passphrase.fromFile(wrong)) {
            assertThatThrownBy(() -> new Restorer(fixture.btrfs, RestoreReporter.silent()).restore(
                    new DirectorySource(fixture.setDirectory(), Optional.empty()), Optional.empty(), passphrase, target))
                    .hasMessageContaining("wrong passphrase")
                    .hasMessageContaining(fixture.streamFile(0).toString());
        }
        assertThat(ChainFixture.names(target)).isEmpty();
        assertThat(keyThreads()).isZero(); // the key thread ends on a failure too
    }

    @Test
    void theCommandRestoresWithJsonAndFailsInOneLine() throws Exception {
        Path target = newTarget();
        String[] common = {"--target", target.toString(), "--passphrase-file", fixture.passphraseFile.toString()};
        Ops ok = ops(concat(new String[] {"restore", "--from-dir", fixture.setDirectory().toString(), "--json"}, common));
        assertThat(ok.status()).as(ok.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(ok.out());
        assertThat(json.get("status").asText()).isEqualTo("restored");
        assertThat(json.get("path").asText()).isEqualTo(target.resolve(ChainFixture.SNAPSHOTS.get(3)).toString());
        assertThat(json.get("links")).hasSize(4);

        Path copy = fixture.copyOfSet(work.resolve("cli-missing"));
        Files.delete(copy.resolve(fixture.streamFile(0).getFileName()));
        // a new target: in the old one every link is present, so the missing file would not matter
        Ops failed = ops("restore", "--from-dir", copy.toString(), "--target", newTarget().toString(),
                "--passphrase-file", fixture.passphraseFile.toString());
        assertThat(failed.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).startsWith("restore: ").contains("is missing").doesNotContain("Exception")
                .doesNotContain("\tat ");

        Ops usage = ops(concat(new String[] {"restore", "--from-ssh", "backup@backup-srv"}, common));
        assertThat(usage.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("--from-ssh needs --set");
        assertThat(ops("restore", "--help").out()).contains("Exit codes:").contains("--from-dir").contains("--from-ssh");
    }

    record Ops(int status, String out, String err) {
    }

    static Ops ops(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = OpsMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Ops(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    private RestoreResult restore(Path setDirectory, Optional<String> snapshot, Path target) throws Exception {
        try (Passphrase passphrase = Passphrase.fromFile(fixture.passphraseFile)) {
            return new Restorer(fixture.btrfs, RestoreReporter.silent())
                    .restore(new DirectorySource(setDirectory, Optional.empty()), snapshot, passphrase, target);
        }
    }

    private Path newTarget() throws IOException {
        return Files.createDirectory(restoreFs.mountPoint().resolve("target-" + (++targets)));
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }
}
