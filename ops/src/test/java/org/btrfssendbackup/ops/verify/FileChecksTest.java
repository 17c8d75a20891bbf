package org.btrfssendbackup.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.ops.restore.StoredFileCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify's checks of a set's files: several at once, results in the order given, no thread left. */
class FileChecksTest {

    @TempDir
    Path tmp;

    /**
     * A pool counts as terminated as its last thread leaves its loop, a moment before the thread
     * itself ends: each is given up to 5 s to end, and then none may be alive.
     */
    @AfterEach
    void noThreadLeftRunning() throws InterruptedException {
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("verify-") || t.getName().equals("read-ahead")).toList();
        for (Thread thread : ours) {
            thread.join(5_000);
        }
        assertThat(ours.stream().filter(Thread::isAlive)).isEmpty();
    }

    @Test
    void problemsComeInTheOrderGivenAndAsOneCheckAfterTheOtherFindsThem() throws IOException {
        List<FileChecks.Check> checks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            checks.add(stored(i, 300_000 + 70_000 * i, i == 2 ? "flipped" : i == 4 ? "cut" : "intact"));
        }
        List<Optional<String>> expected = new ArrayList<>();
        for (FileChecks.Check check : checks) {
            expected.add(StoredFileCheck.problem(check.file(), check.manifest()));
        }
        List<Optional<String>> parallel = new ArrayList<>();
        try (FileChecks running = FileChecks.start(checks, 3)) {
            for (int i = 0; i < checks.size(); i++) {
                parallel.add(running.problem(i));
            }
        }
        assertThat(parallel).isEqualTo(expected);
        assertThat(parallel.get(2)).hasValueSatisfying(p -> assertThat(p).startsWith("bad checksum: "));
        assertThat(parallel.get(4)).hasValueSatisfying(p -> assertThat(p).startsWith("truncated: "));
        assertThat(parallel.stream().filter(Optional::isPresent)).hasSize(2);
    }

    /** Two files hashed at once on two cores: each check waits until the other has started. */
    @Test
    void twoFilesAreCheckedAtOnceAndNeverMoreThanAsked() throws IOException {
        CountDownLatch bothStarted = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FileChecks.Checker checker = (file, manifest) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            bothStarted.countDown();
            try {
                return Optional.of(bothStarted.await(10, TimeUnit.SECONDS) ? "together" : "alone");
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            } finally {
                running.decrementAndGet();
            }
        };
        List<FileChecks.Check> checks = List.of(stored(0, 10, "intact"), stored(1, 10, "intact"), stored(2, 10, "intact"),
                stored(3, 10, "intact"));
        try (FileChecks started = FileChecks.start(checks, 2, checker)) {
            assertThat(started.problem(0)).contains("together");
            assertThat(started.problem(3)).isPresent();
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aFilesReadErrorIsThrownWhenItsResultIsTakenAfterTheResultsBeforeIt() throws IOException {
        IOException eio = new IOException("Input/output error");
        List<FileChecks.Check> checks = List.of(stored(0, 10, "intact"), stored(1, 10, "intact"), stored(2, 10, "intact"));
        FileChecks.Checker checker = (file, manifest) -> {
            if (file.equals(checks.get(1).file())) {
                throw eio;
            }
            return StoredFileCheck.problem(file, manifest);
        };
        try (FileChecks started = FileChecks.start(checks, 2, checker)) {
            assertThat(started.problem(0)).isEmpty();
            assertThatThrownBy(() -> started.problem(1)).isSameAs(eio);
        }
    }

    @Test
    void closeWaitsForACheckStuckInAReadOnlyAsLongAsItsBound() throws Exception {
        // a read that does not return and ignores the interrupt, as one on a hung disk does
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        FileChecks.Checker stuck = (file, manifest) -> {
            started.countDown();
            while (released.getCount() > 0) {
                try {
                    released.await();
                } catch (InterruptedException ignored) {
                    // a read in the kernel does not see it either
                }
            }
            return Optional.empty();
        };
        try {
            FileChecks checks = FileChecks.start(List.of(stored(0, 10, "intact")), 1, stuck, Duration.ofMillis(300));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            assertThat(checks.stop()).as("the stuck thread has not ended").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        } finally {
            released.countDown();
        }
    }

    @Test
    void closeReturnsAtOnceWhenEveryCheckStops() throws IOException {
        try (FileChecks checks = FileChecks.start(List.of(stored(0, 10, "intact"), stored(1, 10, "intact")), 2,
                StoredFileCheck::problem, Duration.ofMinutes(5))) {
            assertThat(checks.problem(0)).isEmpty();
            long start = System.nanoTime();
            assertThat(checks.stop()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** A stored file of {@code size} random bytes with a manifest recording it; then damaged as told. */
    private FileChecks.Check stored(int index, int size, String state) throws IOException {
        byte[] data = new byte[size];
        new Random(index).nextBytes(data);
        SnapshotName snapshot = SnapshotName.parse("prod-srv-rootfs-2026011" + index + "T020500Z");
        Path file = tmp.resolve(StreamFileName.of(snapshot, StreamKind.FULL).value());
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        if (state.equals("flipped")) {
            data[size / 2] ^= 1;
        }
        Files.write(file, state.equals("cut") ? java.util.Arrays.copyOf(data, size - 1) : data);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, BackupSetName.of("prod-srv/rootfs"), snapshot,
                StreamKind.FULL, Optional.empty(), StreamFileName.of(snapshot, StreamKind.FULL), OptionalLong.of(size),
                Optional.of(sha256), Compression.ZSTD, Manifest.ENCRYPTION_OPENPGP, Optional.empty(),
                new BtrfsUuids(Optional.empty(), Optional.empty()), snapshot.time(), Optional.of(Instant.EPOCH), Map.of());
        return new FileChecks.Check(file, manifest);
    }
}
