package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.btrfssendbackup.core.crypto.GpgCli;
import org.btrfssendbackup.core.crypto.IntegrityException;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.manifest.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamCodecTest {
    static final String SECRET = "stream codec secret";
    static final byte[] SEND_MAGIC = "btrfs-stream\0".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    /** A fake send stream: the real magic, then half random, half repetitive text. */
    static byte[] sendStream(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] text = "the quick brown fox jumps over the lazy dog\n".repeat(size / 80 + 1)
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, data, size / 2, size - size / 2);
        System.arraycopy(SEND_MAGIC, 0, data, 0, Math.min(size, SEND_MAGIC.length));
        return data;
    }

    static Encoded encode(byte[] plain, Compression compression) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            EncodedStream result = new StreamEncoder(passphrase, compression)
                    .encode(new ByteArrayInputStream(plain), stored);
            return new Encoded(result, stored.toByteArray());
        }
    }

    record Encoded(EncodedStream result, byte[] stored) {
    }

    static byte[] decode(byte[] stored) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            long n = new StreamDecoder(passphrase).decode(new ByteArrayInputStream(stored), plain, "s.gpg");
            assertThat(n).isEqualTo(plain.size());
        }
        return plain.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"0, NONE", "0, ZSTD", "1, NONE", "1, ZSTD", "13, ZSTD", "1048576, NONE", "1048576, ZSTD",
            "5000000, NONE", "5000000, ZSTD"})
    void roundTripsAndReportsSizesAndHash(int size, Compression compression) throws Exception {
        byte[] plain = sendStream(size);
        Encoded encoded = encode(plain, compression);

        assertThat(encoded.result().plainBytes()).isEqualTo(size);
        assertThat(encoded.result().storedBytes()).isEqualTo(encoded.stored().length);
        assertThat(encoded.result().sha256()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded.stored())));
        assertThat(encoded.result().compression()).isEqualTo(compression);
        assertThat(decode(encoded.stored())).isEqualTo(plain);
    }

    @Test
    void zstdShrinksCompressibleStreams() throws IOException {
        byte[] plain = sendStream(4_000_000);
        assertThat(encode(plain, Compression.ZSTD).result().storedBytes())
                .isLessThan(encode(plain, Compression.NONE).result().storedBytes() * 3 / 4);
    }

    /** The README's stock restore: gpg --decrypt FILE | zstd -d gives back the send stream. */
    @Test
    void stockGpgAndZstdRestoreIt() throws IOException {
        GpgCli gpg = new GpgCli(dir);
        Path passphraseFile = GpgCli.passphraseFile(dir, "p", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] plain = sendStream(3_000_000);
        byte[] compressed = gpg.decrypt(passphraseFile, encode(plain, Compression.ZSTD).stored());
        assertThat(Arrays.copyOf(compressed, 4)).isEqualTo(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD});
        assertThat(Zstd.decompress(compressed, plain.length)).isEqualTo(plain);
    }

    /**
     * The encoder splits the OpenPGP writer over two threads: stock gpg still reads the result,
     * also when the plaintext ends exactly on a literal or encrypted packet's chunk boundary.
     */
    @ParameterizedTest
    @CsvSource({"0", "1", "1048570", "1048523", "2097146", "2500000"})
    void stockGpgDecryptsTheEncodersOutput(int size) throws IOException {
        GpgCli gpg = new GpgCli(dir);
        Path passphraseFile = GpgCli.passphraseFile(dir, "p", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] plain = sendStream(size);
        assertThat(gpg.decrypt(passphraseFile, encode(plain, Compression.NONE).stored())).isEqualTo(plain);
    }

    /** Seed files: gpg --symmetric with defaults, no zstd, no manifest compression key. */
    @Test
    void decodesTheSeedsGpgFiles() throws IOException {
        GpgCli gpg = new GpgCli(dir);
        Path passphraseFile = GpgCli.passphraseFile(dir, "p", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] plain = sendStream(2_000_000);
        assertThat(decode(gpg.symmetric(passphraseFile, plain))).isEqualTo(plain);
    }

    /** zstd stops at the end of its frame; the MDC after it must still be checked. */
    @Test
    void aTamperedZstdStreamFailsEvenAfterTheFrameEnds() throws IOException {
        byte[] stored = encode(sendStream(100_000), Compression.ZSTD).stored();
        stored[stored.length - 3] ^= 1; // inside the MDC packet, after all compressed bytes
        assertThatThrownBy(() -> decode(stored)).isInstanceOf(IntegrityException.class).hasMessageContaining("s.gpg");
    }

    @Test
    void aTruncatedZstdStreamFails() throws IOException {
        byte[] stored = encode(sendStream(3_000_000), Compression.ZSTD).stored();
        byte[] truncated = Arrays.copyOf(stored, stored.length / 2);
        assertThatThrownBy(() -> decode(truncated)).isInstanceOf(IOException.class).hasMessageContaining("s.gpg");
    }

    @Test
    void theOpenedStreamDetectsCompressionItself() throws IOException {
        byte[] plain = sendStream(10_000);
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray());
                InputStream in = new StreamDecoder(passphrase).open(
                        new ByteArrayInputStream(encode(plain, Compression.ZSTD).stored()), "s.gpg")) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    /**
     * zstd runs on its own thread, as zstd -d does in the stock pipeline: the thread reading the
     * opened stream (the restore's, writing to btrfs receive) only copies.
     */
    @Test
    void zstdDecompressesOnItsOwnThread() throws IOException {
        byte[] plain = sendStream(8 << 20); // more than the pipes between the threads hold
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray());
                InputStream in = new StreamDecoder(passphrase).open(
                        new ByteArrayInputStream(encode(plain, Compression.ZSTD).stored()), "s.gpg")) {
            byte[] first = new byte[16];
            assertThat(in.read(first)).isEqualTo(16);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("decode-decompress");
            assertThat(in.readAllBytes()).hasSize(plain.length - 16);
        }
    }

    /** UNKNOWN only describes an old manifest: the encoder refuses it before reading a byte. */
    @Test
    void theEncoderRefusesUnknownCompression() {
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            assertThatThrownBy(() -> new StreamEncoder(passphrase, Compression.UNKNOWN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("compression unknown cannot be applied")
                    .hasMessageContaining("[none, zstd]");
        }
    }

    /** A send stream that dies halfway (btrfs send failed): the encoder fails, it does not hang. */
    @ParameterizedTest
    @CsvSource({"NONE", "ZSTD"})
    void aFailingSendStreamFailsTheEncoding(Compression compression) {
        InputStream dying = new java.io.SequenceInputStream(new ByteArrayInputStream(sendStream(3_000_000)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("btrfs send died");
                    }
                });
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            assertThatThrownBy(() -> new StreamEncoder(passphrase, compression)
                    .encode(dying, new ByteArrayOutputStream()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("btrfs send died");
        }
    }

    /** The upload dies (ssh gone): the encoder fails with that cause and stops all its stages. */
    @ParameterizedTest
    @CsvSource({"NONE", "ZSTD"})
    void aFailingUploadFailsTheEncodingAndStopsItsThreads(Compression compression) {
        java.io.OutputStream dyingUpload = new java.io.OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1_500_000) {
                    throw new IOException("broken pipe to ssh");
                }
            }
        };
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            assertThatThrownBy(() -> new StreamEncoder(passphrase, compression)
                    .encode(new ByteArrayInputStream(sendStream(8_000_000)), dyingUpload))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("broken pipe to ssh");
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith(StreamEncoder.THREAD_PREFIX) && t.isAlive());
    }

    /**
     * The upload dies while btrfs send neither writes nor ends (a hung send): the encoder reports
     * the upload's failure after its bounded wait for the feeding stage, instead of hanging on it.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aSendStreamStuckInAReadDoesNotHangAFailedEncoding() throws Exception {
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InputStream hung = new java.io.SequenceInputStream(new ByteArrayInputStream(sendStream(4_000_000)),
                new InputStream() {
                    @Override
                    public int read() {
                        stuck.countDown();
                        while (true) { // a read in the kernel does not see the interrupt either
                            try {
                                release.await();
                                return -1;
                            } catch (InterruptedException ignored) {
                                // keep waiting
                            }
                        }
                    }
                });
        java.io.OutputStream dyingUpload = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    stuck.await(); // fail only once the feeder sits in the read that never returns
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("broken pipe to ssh");
            }
        };
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.toCharArray())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new StreamEncoder(passphrase, Compression.NONE)
                    .encode(hung, dyingUpload, java.time.Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("broken pipe to ssh");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
            assertThat(Thread.getAllStackTraces().keySet()).as("the feeder is left behind, a daemon, in its read")
                    .anyMatch(t -> t.getName().equals(StreamEncoder.THREAD_PREFIX + "feed") && t.isAlive() && t.isDaemon());
        } finally {
            release.countDown();
            // the feeder then ends on the failed pipe; other tests assert no encoder thread is alive
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(StreamEncoder.THREAD_PREFIX)) {
                    t.join(10_000);
                }
            }
        }
    }
}
