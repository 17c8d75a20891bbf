package org.btrfssendbackup.ops.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.time.Instant;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.BtrfsUuids;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashingInputStreamTest {

    private static final int B = HashingInputStream.DRAIN_BUFFER_BYTES;

    @TempDir
    Path tmp;

    @AfterEach
    void noReaderLeftRunning() {
        assertThat(ReadAheadTest.readAheadThreads()).as("read-ahead threads still alive").isEmpty();
    }

    /** Sizes around the buffer's: the read-ahead's hand-overs lose, repeat or reorder no byte. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 5 * B + 7})
    void drainOfAFileHashesAsMessageDigestAndSha256sum(int size) throws Exception {
        byte[] data = data(size);
        Path file = Files.write(tmp.resolve("stream"), data);
        String hex;
        try (HashingInputStream in = new HashingInputStream(Files.newInputStream(file))) {
            assertThat(in.drain()).isEqualTo(size);
            assertThat(in.bytes()).isEqualTo(size);
            hex = in.sha256Hex();
        }
        assertThat(hex).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        // coreutils' sha256sum: the hex is the one the shell tools print for the same file
        Process sha256sum = new ProcessBuilder("sha256sum", file.toString()).start();
        String line = new String(sha256sum.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(sha256sum.waitFor()).isZero();
        assertThat(line).startsWith(hex + " ");
    }

    @Test
    void aReadErrorOfTheFileIsTheDrainsFailure() {
        IOException eio = new IOException("Input/output error");
        InputStream failing = new InputStream() {
            private int reads;

            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 3) {
                    throw eio;
                }
                return len;
            }
        };
        try (HashingInputStream in = new HashingInputStream(failing)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::drain).isSameAs(eio);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A real read error (EIO: /proc/self/mem at address 0 is a regular file whose read fails)
     * is what verify's check of the file throws, as before the read-ahead.
     */
    @Test
    void aFileThatCannotBeReadFailsTheStoredFileCheck() throws IOException {
        Path unreadable = Path.of("/proc/self/mem");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(unreadable), "needs Linux /proc");
        SnapshotName snapshot = SnapshotName.parse("prod-srv-rootfs-20260131T020500Z");
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, BackupSetName.of("prod-srv/rootfs"), snapshot,
                StreamKind.FULL, Optional.empty(), StreamFileName.of(snapshot, StreamKind.FULL),
                OptionalLong.of(Files.size(unreadable)), Optional.of("0".repeat(64)), Compression.ZSTD,
                Manifest.ENCRYPTION_OPENPGP, Optional.empty(), new BtrfsUuids(Optional.empty(), Optional.empty()),
                snapshot.time(), Optional.of(Instant.EPOCH), Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoredFileCheck.problem(unreadable, manifest))
                .isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void drainHashesAndCountsTheRestOfTheFile() throws Exception {
        byte[] data = data(3 * HashingInputStream.DRAIN_BUFFER_BYTES + 17);
        try (HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data))) {
            assertThat(in.read(new byte[100])).isEqualTo(100);
            assertThat(in.drain()).isEqualTo(data.length - 100);
            assertThat(in.bytes()).isEqualTo(data.length);
            assertThat(in.sha256Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        }
    }

    /** verify hashes every stored file with drain: a MiB per read, not 8 KiB (half verify's time went to calls). */
    @Test
    void drainReadsAMibAtATime() throws IOException {
        List<Integer> lengths = new ArrayList<>();
        ByteArrayInputStream file = new ByteArrayInputStream(data(2 * HashingInputStream.DRAIN_BUFFER_BYTES)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                lengths.add(len);
                return super.read(b, off, len);
            }
        };
        try (HashingInputStream in = new HashingInputStream(file)) {
            in.drain();
        }
        // the first read only tells whether anything is left (see the next test)
        assertThat(lengths.get(1)).isEqualTo(HashingInputStream.DRAIN_BUFFER_BYTES);
    }

    /** A restore drains every link at its end, where nothing is left: one small read, no reader thread. */
    @Test
    void drainAtTheEndReadsOnceAndStartsNoThread() throws IOException {
        List<String> readers = new ArrayList<>();
        InputStream atEnd = new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                readers.add(Thread.currentThread().getName());
                return -1;
            }
        };
        try (HashingInputStream in = new HashingInputStream(atEnd)) {
            assertThat(in.drain()).isZero();
        }
        assertThat(readers).containsExactly(Thread.currentThread().getName());
    }
}
