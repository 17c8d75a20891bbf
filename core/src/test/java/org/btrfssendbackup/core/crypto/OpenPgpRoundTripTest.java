package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPgpRoundTripTest {
    static final String SECRET = "correct horse battery staple";

    @TempDir
    Path dir;
    Path passphraseFile;
    GpgCli gpg;

    @BeforeEach
    void setUp() throws IOException {
        gpg = new GpgCli(dir);
        passphraseFile = GpgCli.passphraseFile(dir, "passphrase", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static byte[] encrypt(byte[] plain, Passphrase passphrase) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = OpenPgpEncryptor.open(out, passphrase)) {
            encrypting.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] ciphertext, Passphrase passphrase) throws IOException {
        try (InputStream in = OpenPgpDecryptor.open(new ByteArrayInputStream(ciphertext), passphrase, "test.gpg")) {
            return in.readAllBytes();
        }
    }

    /**
     * Plaintext sizes that put a partial length boundary exactly at the end of a packet, so that a
     * final length of 0 follows. Literal body: 6 header octets + data. SEIPD body: version octet,
     * 18 prefix octets, the literal packet (tag, 5 length octets, 6 + data), 22 MDC octets.
     */
    static final int LITERAL_ENDS_ON_BOUNDARY = OpenPgpEncryptor.PACKET_BYTES - 6;
    static final int SEIPD_ENDS_ON_BOUNDARY = OpenPgpEncryptor.PACKET_BYTES - 53;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 8384, OpenPgpEncryptor.PACKET_BYTES - 1, OpenPgpEncryptor.PACKET_BYTES,
            OpenPgpEncryptor.PACKET_BYTES + 1, 3 * OpenPgpEncryptor.PACKET_BYTES + 7,
            LITERAL_ENDS_ON_BOUNDARY, 2 * OpenPgpEncryptor.PACKET_BYTES - 6, SEIPD_ENDS_ON_BOUNDARY,
            SEIPD_ENDS_ON_BOUNDARY - 1, SEIPD_ENDS_ON_BOUNDARY + 1})
    void stockGpgDecryptsOurOutputAndSoDoWe(int size) throws IOException {
        byte[] plain = random(size);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            byte[] ciphertext = encrypt(plain, passphrase);
            assertThat(gpg.decrypt(passphraseFile, ciphertext)).isEqualTo(plain);
            assertThat(decrypt(ciphertext, passphrase)).isEqualTo(plain);
        }
    }

    /** A key packet as gpg writes it (no encrypted session key), then one SEIPD packet. */
    @ParameterizedTest
    @CsvSource({"0, 0, 49", "1000, 0, 1050", "1048523, 1, 0", "1048522, 0, 1048575", "3145735, 3, 59"})
    void framesTheMessageAsTwoPacketsWithPartialLengths(int size, int partialChunks, long finalLength)
            throws IOException {
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            List<PacketFraming> packets = PacketFraming.parse(encrypt(random(size), passphrase));
            assertThat(packets).extracting(PacketFraming::tag).containsExactly(3, 18);
            assertThat(packets.get(0).chunkLengths()).containsExactly(13L);
            PacketFraming seipd = packets.get(1);
            assertThat(seipd.partialLengths()).isEqualTo(
                    java.util.Collections.nCopies(partialChunks, (long) OpenPgpEncryptor.PACKET_BYTES));
            assertThat(seipd.finalLength()).isEqualTo(finalLength);
            assertThat(seipd.body()[0]).isEqualTo((byte) 1); // SEIPD version 1
        }
    }

    @Test
    void writesTheAgreedPacketsWithoutGpgWarnings() throws IOException {
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            byte[] ciphertext = encrypt(random(1000), passphrase);
            GpgCli.Result result = gpg.runAllowingFailure(passphraseFile, java.util.List.of("--list-packets"), ciphertext);
            assertThat(result.exit()).isZero();
            String packets = new String(result.stdout(), StandardCharsets.UTF_8);
            assertThat(packets)
                    .contains("symkey enc packet: version 4, cipher 9") // AES-256
                    .contains("s2k 3, hash 8") // iterated+salted, SHA-256
                    .contains("mdc_method: 2") // SEIPD v1 with MDC
                    .contains("literal data packet")
                    .doesNotContain("compressed packet");
            assertThat(result.stderr()).contains("AES256").doesNotContain("WARNING");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--compress-algo none", "--compress-algo zlib", "--compress-algo zip",
            "--cipher-algo AES128", "--cipher-algo CAST5 --compress-algo zlib", "--armor"})
    void decryptsWhatGpgSymmetricWrites(String options) throws IOException {
        byte[] plain = concat(random(300_000), "text ".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
        String[] extra = options.isEmpty() ? new String[0] : options.split(" ");
        byte[] ciphertext = gpg.symmetric(passphraseFile, plain, extra);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            assertThat(decrypt(ciphertext, passphrase)).isEqualTo(plain);
        }
    }

    @Test
    void decryptsTheSeedsEmptyInputFile() throws IOException {
        byte[] ciphertext = gpg.symmetric(passphraseFile, new byte[0]);
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            assertThat(decrypt(ciphertext, passphrase)).isEmpty();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
