package org.btrfssendbackup.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.btrfssendbackup.ops.restore.ChainFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** verify on a store made by the chain fixture, intact and damaged in each way it looks for. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreVerifierSystemTest {

    private static final String S1 = ChainFixture.SNAPSHOTS.get(0);
    private static final String S2 = ChainFixture.SNAPSHOTS.get(1);
    private static final String S3 = ChainFixture.SNAPSHOTS.get(2);
    private static final String S4 = ChainFixture.SNAPSHOTS.get(3);

    private Path work;
    private ChainFixture fixture;
    private int copies;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        work = dir;
        SystemTests.assumeLoopBtrfs();
        fixture = ChainFixture.create(work);
    }

    @AfterAll
    void cleanUp() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anIntactStoreIsGoodWithAndWithoutThePassphrase() throws IOException {
        VerifyReport plain = verify(fixture.storeRoot, Optional.empty());
        assertThat(plain.ok()).as(VerifySummary.lines(plain).toString()).isTrue();
        assertThat(plain.sets()).singleElement().satisfies(set -> {
            assertThat(set.set().value()).isEqualTo(ChainFixture.SET);
            assertThat(set.streams()).isEqualTo(4);
            assertThat(set.checkedStreams()).isEqualTo(4);
            assertThat(set.decodedStreams()).isZero();
            assertThat(set.findings()).isEmpty();
        });

        VerifyReport decoded = verify(fixture.storeRoot, Optional.of(fixture.passphraseFile));
        assertThat(decoded.ok()).as(VerifySummary.lines(decoded).toString()).isTrue();
        assertThat(decoded.sets().get(0).decodedStreams()).isEqualTo(4);
    }

    @Test
    void aMissingLinkNamesEveryUnrestorablePoint() throws IOException {
        Path root = copyOfStore();
        delete(root, S2, true, true);
        assertProblems(root, Optional.empty(),
                S3 + ": not restorable: link " + S2 + " (parent of " + S3 + ") is not stored",
                S4 + ": not restorable: link " + S2 + " (parent of " + S3 + ") is not stored");
    }

    @Test
    void aManifestWithoutItsStreamAndAStreamWithoutItsManifest() throws IOException {
        Path root = copyOfStore();
        delete(root, S4, true, false);
        delete(root, S3, false, true);
        assertProblems(root, Optional.empty(),
                S3 + ".incr.btrfs.gpg: stream file has no manifest: not restorable, never chained on",
                S4 + ".incr.btrfs.gpg: manifest " + S4 + ".manifest has no stream file",
                S3 + ": not restorable: link " + S3 + " is damaged: " + S3 + ".incr.btrfs.gpg: no manifest",
                S3 + ": a damaged link: restore points it takes down: " + S3);
    }

    @Test
    void aTruncatedFileAndAFlippedByte() throws IOException {
        Path root = copyOfStore();
        Path truncated = setDir(root).resolve(S3 + ".incr.btrfs.gpg");
        long size = Files.size(truncated);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(size - 1);
        }
        Path flipped = setDir(root).resolve(S2 + ".incr.btrfs.gpg");
        flipByte(flipped, 100);
        assertProblems(root, Optional.empty(),
                S2 + ".incr.btrfs.gpg: bad checksum: expected sha256 ",
                S3 + ".incr.btrfs.gpg: truncated: the manifest records " + size
                        + " bytes, the file has " + (size - 1),
                S2 + ": not restorable: link " + S2 + " is damaged: " + S2 + ".incr.btrfs.gpg: bad checksum",
                S3 + ": not restorable: link " + S3 + " is damaged: " + S3 + ".incr.btrfs.gpg: truncated",
                S4 + ": not restorable: link " + S3 + " is damaged",
                S2 + ": a damaged link: restore points it takes down: " + S2 + ", " + S3 + ", " + S4,
                S3 + ": a damaged link: restore points it takes down: " + S3 + ", " + S4);
    }

    @Test
    void everyTemporaryIsAnInterruptedUploadWhileTheSetLockIsFree() throws IOException {
        Path root = copyOfStore();
        Path stale = Files.writeString(setDir(root).resolve(".x.incr.btrfs.gpg.partial-abc123"), "half an upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Files.writeString(setDir(root).resolve(".y.incr.btrfs.gpg.partial-def456"), "killed a minute ago");
        assertProblems(root, Optional.empty(),
                ".x.incr.btrfs.gpg.partial-abc123: interrupted upload: temporary file of an upload that no longer runs",
                ".y.incr.btrfs.gpg.partial-def456: interrupted upload: temporary file of an upload that no longer runs");
    }

    @Test
    void underAHeldSetLockAFreshTemporaryIsAnUploadInProgressAndAnOldOneHung() throws IOException {
        Path root = copyOfStore();
        Path stale = Files.writeString(setDir(root).resolve(".x.incr.btrfs.gpg.partial-abc123"), "half an upload");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Files.writeString(setDir(root).resolve(".y.incr.btrfs.gpg.partial-def456"), "an upload in progress");
        try (FileChannel lock = FileChannel.open(setDir(root).resolve(StoreLayout.UPLOAD_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            assertProblems(root, Optional.empty(), ".x.incr.btrfs.gpg.partial-abc123: stale temporary file");
            assertThat(verify(root, Optional.empty()).sets().get(0).findings())
                    .anySatisfy(f -> assertThat(f.file() + ": " + f.message())
                            .startsWith(".y.incr.btrfs.gpg.partial-def456: upload in progress"));
        }
    }

    @Test
    void withThePassphraseDamageWithoutRecordedChecksumsIsFound() throws IOException {
        Path root = copyOfStore();
        Path manifest = setDir(root).resolve(S4 + ".manifest");
        Files.write(manifest, Files.readAllLines(manifest).stream()
                .filter(l -> !l.startsWith("sha256=") && !l.startsWith("bytes=")).toList());
        Path file = setDir(root).resolve(S4 + ".incr.btrfs.gpg");
        flipByte(file, Files.size(file) - 30);

        VerifyReport withoutPassphrase = verify(root, Optional.empty());
        assertThat(withoutPassphrase.ok()).isTrue();
        assertThat(withoutPassphrase.sets().get(0).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("records no size or sha256"));

        assertProblems(root, Optional.of(fixture.passphraseFile), S4 + ".incr.btrfs.gpg: does not decode: ");
        Path wrong = ChainFixture.writePassphrase(work.resolve("wrong"), "wrong passphrase");
        assertThat(verify(fixture.storeRoot, Optional.of(wrong)).sets().get(0).problems())
                .hasSize(4).allSatisfy(f -> assertThat(f.message()).contains("wrong passphrase"));
    }

    @Test
    void theCommandReportsJsonAndExitStatus() throws IOException {
        Result good = ops("verify", "--backup-root", fixture.storeRoot.toString(), "--json");
        assertThat(good.status()).as(good.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(good.out());
        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.get("sets").get(0).get("checkedStreams").asInt()).isEqualTo(4);

        Path root = copyOfStore();
        delete(root, S1, true, false);
        Result bad = ops("verify", "--backup-root", root.toString(), "--set", ChainFixture.SET);
        assertThat(bad.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.out()).contains(ChainFixture.SET + ": 4 PROBLEM(S)").contains("PROBLEMS found");

        Result usage = ops("verify", "--set", "../etc");
        assertThat(usage.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("--set").doesNotContain("Exception");
        assertThat(ops("verify", "--help").out()).contains("Exit codes:");
    }

    record Result(int status, String out, String err) {
    }

    static Result ops(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = OpsMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertProblems(Path root, Optional<Path> passphrase, String... expectedPrefixes) throws IOException {
        VerifyReport report = verify(root, passphrase);
        List<String> problems = report.sets().get(0).problems().stream().map(f -> f.file() + ": " + f.message()).toList();
        assertThat(report.ok()).isFalse();
        assertThat(problems).as(VerifySummary.lines(report).toString()).hasSize(expectedPrefixes.length);
        for (String prefix : expectedPrefixes) {
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(prefix));
        }
    }

    private VerifyReport verify(Path root, Optional<Path> passphraseFile) throws IOException {
        Optional<Passphrase> passphrase = Optional.empty();
        try {
            if (passphraseFile.isPresent()) {
                passphrase = Optional.of(Passphrase.fromFile(passphraseFile.get()));
            }
            return new StoreVerifier(new LocalProcessRunner(), passphrase, StoreVerifier.DEFAULT_STALE_AFTER,
                    Clock.systemUTC()).verify(root, Optional.empty());
        } finally {
            passphrase.ifPresent(Passphrase::close);
        }
    }

    private Path copyOfStore() throws IOException {
        Path root = work.resolve("store-copy-" + (++copies));
        fixture.copyOfSet(root.resolve(ChainFixture.SET));
        return root;
    }

    private static Path setDir(Path root) {
        return root.resolve(ChainFixture.SET);
    }

    private static void delete(Path root, String snapshot, boolean stream, boolean manifest) throws IOException {
        try (Stream<Path> files = Files.list(setDir(root))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if ((stream && name.startsWith(snapshot) && name.endsWith(".btrfs.gpg"))
                        || (manifest && name.equals(snapshot + ".manifest"))) {
                    Files.delete(f);
                }
            }
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x01);
        }
    }

}
