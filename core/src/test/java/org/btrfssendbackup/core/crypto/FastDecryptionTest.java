package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.SECRET;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.decrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.encrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.random;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path of {@link OpenPgpDecryptor} ({@link FastDecryption}, {@link SeipdV1InputStream})
 * against the references: Bouncy Castle and stock gpg decrypt every stream of ours to the same
 * bytes, ours decrypts stock gpg's, and every altered byte fails.
 */
class FastDecryptionTest {
    @TempDir
    Path dir;
    Path passphraseFile;
    GpgCli gpg;

    @BeforeEach
    void setUp() throws IOException {
        gpg = new GpgCli(dir);
        passphraseFile = GpgCli.passphraseFile(dir, "passphrase", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the fast path takes the message (it also decrypts its first blocks: a wrong key fails). */
    static boolean takesFastPath(byte[] ciphertext, Passphrase passphrase) throws IOException {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(ciphertext));
        in.mark(FastDecryption.MARK_LIMIT);
        InputStream fast = FastDecryption.tryOpen(in, passphrase, "test.gpg");
        if (fast == null) {
            return false;
        }
        fast.close();
        return true;
    }

    static byte[] bouncyCastle(byte[] ciphertext, Passphrase passphrase) throws IOException {
        try (InputStream in = BouncyCastleDecryption.open(new ByteArrayInputStream(ciphertext), passphrase,
                "test.gpg")) {
            return in.readAllBytes();
        }
    }

    /** Sizes around the slice (1 MiB), the partial packets (1 MiB), the blocks, and the 20 held-back bytes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 16, 17, 19, 20, 21, 40, 1000, SeipdV1InputStream.SLICE_BYTES - 53,
            SeipdV1InputStream.SLICE_BYTES - 40, SeipdV1InputStream.SLICE_BYTES - 33, SeipdV1InputStream.SLICE_BYTES,
            SeipdV1InputStream.SLICE_BYTES + 5, 3 * SeipdV1InputStream.SLICE_BYTES + 7})
    void oursDecryptsOurStreamsAsBouncyCastleAndGpgDo(int size) throws IOException {
        byte[] plain = random(size);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            byte[] ciphertext = encrypt(plain, passphrase);
            assertThat(takesFastPath(ciphertext, passphrase)).isTrue();
            assertThat(decrypt(ciphertext, passphrase)).isEqualTo(plain);
            assertThat(bouncyCastle(ciphertext, passphrase)).isEqualTo(plain);
            assertThat(gpg.decrypt(passphraseFile, ciphertext)).isEqualTo(plain);
        }
    }

    /** gpg without compression: from stdin (partial lengths), and from a file (1-, 2- and 5-octet lengths). */
    @ParameterizedTest
    @CsvSource({
            "100, stdin, AES256, SHA256, 65011712", "5000, file, AES256, SHA1, 65536", "100000, file, AES, SHA1, 1024",
            "150, file, AES192, SHA256, 1024", "2100000, stdin, AES, SHA1, 65536", "0, file, AES256, SHA1, 65536",
            "3000000, file, AES256, SHA256, 1024"})
    void oursDecryptsUncompressedStockGpgOnTheFastPath(int size, String input, String cipher, String digest, int count)
            throws IOException {
        byte[] plain = random(size);
        byte[] ciphertext = stockGpg(plain, input.equals("file"), "-z", "0", "--s2k-cipher-algo", cipher,
                "--s2k-digest-algo", digest, "--s2k-count", Integer.toString(count));
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            assertThat(takesFastPath(ciphertext, passphrase)).isTrue();
            assertThat(decrypt(ciphertext, passphrase)).isEqualTo(plain);
        }
    }

    /** gpg's default ZIP, and ZLIB and BZIP2: left to Bouncy Castle, which decrypts them as before. */
    @ParameterizedTest
    @CsvSource({"100000, file, 1", "5000, stdin, 2", "200, file, 3", "1500000, stdin, 1"})
    void compressedStockGpgFallsBackToBouncyCastle(int size, String input, String algorithm) throws IOException {
        byte[] plain = random(size);
        byte[] ciphertext = stockGpg(plain, input.equals("file"), "--compress-algo", algorithm);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            assertThat(takesFastPath(ciphertext, passphrase)).isFalse();
            assertThat(decrypt(ciphertext, passphrase)).isEqualTo(plain);
        }
    }

    @Test
    void wrongPassphraseFailsTheQuickCheckOnTheFastPath() throws IOException {
        byte[] ciphertext;
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            ciphertext = encrypt(random(5000), passphrase);
        }
        try (Passphrase wrong = Passphrase.ofChars("wrong".toCharArray())) {
            assertThatThrownBy(() -> takesFastPath(ciphertext, wrong)).isInstanceOf(WrongPassphraseException.class);
            assertThatThrownBy(() -> decrypt(ciphertext, wrong)).isInstanceOf(WrongPassphraseException.class);
        }
    }

    /**
     * A flipped bit anywhere fails: in the headers (the fast path declines or Bouncy Castle
     * refuses), the salt (wrong key), the ciphertext (MDC), the MDC itself, the lengths.
     */
    @Test
    void aFlippedBitAnywhereFails() throws IOException {
        int size = SeipdV1InputStream.SLICE_BYTES + 3000;
        byte[] plain = random(size);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            byte[] ciphertext = encrypt(plain, passphrase);
            List<Integer> positions = new ArrayList<>();
            IntStream.range(0, 40).forEach(positions::add); // key packet, SEIPD header, prefix, literal header
            IntStream.range(ciphertext.length - 24, ciphertext.length).forEach(positions::add); // the MDC packet
            for (int at = 40; at < ciphertext.length - 24; at += ciphertext.length / 12) {
                positions.add(at);
            }
            positions.add(SeipdV1InputStream.SLICE_BYTES + 20); // inside the second slice
            positions.add(OpenPgpEncryptor.PACKET_BYTES + 21); // the SEIPD's second partial length octet
            for (int at : positions) {
                byte[] altered = ciphertext.clone();
                altered[at] ^= (byte) (1 << (at % 8)); // one bit, a different one from byte to byte
                assertThatThrownBy(() -> decrypt(altered, passphrase))
                        .as("bit %d of byte %d of %d", at % 8, at, ciphertext.length)
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void bytesAfterTheEncryptedPacketFail() throws IOException {
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            byte[] ciphertext = encrypt(random(1000), passphrase);
            byte[] longer = java.util.Arrays.copyOf(ciphertext, ciphertext.length + 1);
            assertThatThrownBy(() -> decrypt(longer, passphrase)).isInstanceOf(IntegrityException.class);
        }
    }

    private byte[] stockGpg(byte[] plain, boolean fromFile, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of(options));
        if (!fromFile) {
            args.add("--symmetric");
            return gpg.run(passphraseFile, args, plain);
        }
        Path file = dir.resolve("plain");
        Files.write(file, plain);
        args.addAll(List.of("--output", "-", "--symmetric", file.toString()));
        return gpg.run(passphraseFile, args, new byte[0]);
    }
}
