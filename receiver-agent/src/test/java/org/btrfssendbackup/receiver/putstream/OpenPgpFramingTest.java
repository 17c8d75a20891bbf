package org.btrfssendbackup.receiver.putstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.btrfssendbackup.core.crypto.GpgCli;
import org.btrfssendbackup.core.crypto.OpenPgpEncryptor;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.receiver.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPgpFramingTest {

    @TempDir
    Path dir;

    static void check(byte[] message, int chunk) throws OpenPgpFraming.FramingException {
        OpenPgpFraming framing = new OpenPgpFraming();
        for (int i = 0; i < message.length; i += chunk) {
            framing.update(message, i, Math.min(chunk, message.length - i));
        }
        framing.finish();
    }

    static void checkAllChunkings(byte[] message) throws OpenPgpFraming.FramingException {
        for (int chunk : new int[] {1, 7, 512, 1 << 20}) {
            check(message, chunk);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 512, 1 << 20})
    void acceptsCompleteMessagesWhateverTheChunking(int chunk) throws Exception {
        check(TestStreams.encryptedLike(100_000, 1), chunk);
        check(TestStreams.encryptedLike(1, 2), chunk);
        check(TestStreams.encryptedLike(191, 3), chunk);
        check(TestStreams.encryptedLike(8383, 4), chunk);
    }

    @Test
    void everyProperPrefixIsTruncated() {
        byte[] message = TestStreams.encryptedLike(5000, 5);
        int[] cuts = {0, 1, 2, 15, 16, 17, 18, 1000, 4096, message.length - 1};
        for (int cut : cuts) {
            assertThatThrownBy(() -> check(Arrays.copyOf(message, cut), 100))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e ->
                            assertThat(e.truncated).isTrue());
        }
    }

    @Test
    void refusesPlaintextAndUnencryptedPackets() {
        assertThatThrownBy(() -> check("btrfs-stream\0plain".getBytes(), 64))
                .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e -> assertThat(e.truncated).isFalse())
                .hasMessageContaining("not an OpenPGP message");
        // a literal data packet (tag 11): unencrypted OpenPGP
        assertThatThrownBy(() -> check(new byte[] {(byte) 0xcb, 3, 'b', 0, 0}, 64))
                .hasMessageContaining("packet type 11");
        // a session key packet only, no encrypted data
        assertThatThrownBy(() -> check(hex(SKESK), 64))
                .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e -> assertThat(e.truncated).isTrue())
                .hasMessageContaining("before any OpenPGP encrypted data");
    }

    static final String SKESK = "8c0d 0409 0302 0102030405060708 ff";
    static final String SEIPD = "d2 05 01 aabbccdd";

    /** Issue 15 item 1: shapes a restore cannot decrypt, or that carry bytes nobody checks, are refused. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "old tag 9, 1-octet length, then plaintext      | a4                          | type 9",
        "old tag 9, indeterminate, then plaintext        | a7                          | type 9",
        "session key, then old tag 9 indeterminate       | " + SKESK + " a7            | type 9",
        "session key, then new-format tag 9              | " + SKESK + " c9 03 010203  | type 9",
        "session key, indeterminate length               | 8f 0409 0302 01020304       | indeterminate length",
        "session key, SEIPD, plaintext after it          | " + SKESK + SEIPD + " 62 74 72 66 73 | data follows",
        "session key, SEIPD, a second SEIPD              | " + SKESK + SEIPD + SEIPD + "| data follows",
        "session key, SEIPD, a literal packet after it   | " + SKESK + SEIPD + " cb 03 620000 | data follows",
        "SEIPD without a session key                     | " + SEIPD + "               | without a session key",
        "marker, then SEIPD without a session key        | a8 03 504750 " + SEIPD + "  | without a session key",
        "SEIPD version 3                                 | " + SKESK + " d2 02 0300    | unknown version 3",
        "SEIPD version 0                                 | " + SKESK + " d2 02 0000    | unknown version 0",
        "AEAD packet version 2                           | " + SKESK + " d4 02 0200    | unknown version 2",
        "SKESK version 7                                 | 8c 02 0709 " + SEIPD + "    | unknown version 7",
        "PKESK version 2                                 | 84 02 0201 " + SEIPD + "    | unknown version 2",
        "SKESK v5 (LibrePGP) with SEIPD v1               | c3 02 0509 " + SEIPD + "  | do not fit",
        "SKESK v4 with SEIPD v2                          | " + SKESK + " d2 02 0207  | do not fit",
        "PKESK v6 with SEIPD v1                          | c1 02 0601 " + SEIPD + "  | do not fit",
        "PKESK v6 with an AEAD packet                    | c1 02 0601 d4 04 01090210 | do not fit",
        "empty SEIPD                                     | " + SKESK + " d2 00         | is empty",
        "SKESK v4, unknown cipher 5                      | 8c0d 0405 0302 0102030405060708 ff " + SEIPD + " | unknown cipher 5",
        "SKESK v4, unknown S2K type 2                    | 8c0d 0409 0202 0102030405060708 ff " + SEIPD + " | unknown S2K type 2",
        "SKESK v4, unknown S2K hash 4                    | 8c0d 0409 0304 0102030405060708 ff " + SEIPD + " | unknown S2K hash 4",
        "SKESK v4, too short for iterated+salted         | 8c0c 0409 0302 0102030405060708 " + SEIPD + "    | too short for its S2K",
        "SKESK v4 of 2 octets                            | 8c02 0409 " + SEIPD + "      | too short",
        "empty SKESK                                     | 8c 00 " + SEIPD + "         | is empty",
        "partial length on a session key packet          | c3 e0 04                    | partial body length",
        "a literal data packet first                     | cb 03 620000                | type 11",
        "compressed data first                           | a3 01 78                    | type 8",
        "a signature first                               | 88 02 0400                  | type 2",
    })
    void refusesWhatARestoreCannotDecrypt(String what, String stream, String message) {
        byte[] input = what.contains("then plaintext")
                ? concat(hex(stream), "plain text\n".getBytes(StandardCharsets.US_ASCII))
                : hex(stream);
        for (int chunk : new int[] {1, 3, 1 << 20}) {
            assertThatThrownBy(() -> check(input, chunk))
                    .as("%s, chunk %d", what, chunk)
                    .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class,
                            e -> assertThat(e.truncated).as("a refusal, not a cut").isFalse())
                    .hasMessageContaining(message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SKESK v4, SEIPD v1                   | " + SKESK + SEIPD,
        "marker, SKESK, marker, SEIPD         | a8 03 504750 " + SKESK + " a8 03 504750 " + SEIPD,
        "PKESK v3, SKESK, SEIPD               | 84 03 030102 " + SKESK + SEIPD,
        "PKESK v6, SEIPD v2                   | c1 02 0601 d2 02 0207",
        "SKESK v5, AEAD v1 (gpg 2.3+ OCB)     | c3 02 0509 d4 04 01090210",
        "SKESK v6, SEIPD v2 in partial chunks | c3 02 0609 d2 e1 0203 02 0405",
    })
    void acceptsSessionKeysThenOneIntegrityProtectedPacket(String what, String stream) throws Exception {
        checkAllChunkings(hex(stream));
    }

    @Test
    void acceptsWhatTheProjectsEncryptorWrites() throws Exception {
        byte[] plain = new byte[3 * OpenPgpEncryptor.PACKET_BYTES / 2];
        new Random(11).nextBytes(plain);
        for (byte[] data : List.of(new byte[0], Arrays.copyOf(plain, 100), plain)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Passphrase passphrase = Passphrase.ofChars("framing test".toCharArray());
                 OutputStream encrypting = OpenPgpEncryptor.open(out, passphrase)) {
                encrypting.write(data);
            }
            checkAllChunkings(out.toByteArray());
        }
    }

    /** Real gpg 2.2 output: --symmetric (with and without its compression) and -e to a public key. */
    @Test
    void acceptsWhatStockGpgWrites() throws Exception {
        GpgCli gpg = new GpgCli(dir);
        Path passphrase = GpgCli.passphraseFile(dir, "passphrase", "framing test\n".getBytes(StandardCharsets.UTF_8));
        byte[] plain = new byte[200_000];
        new Random(12).nextBytes(plain);
        byte[] text = "compressible ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        checkAllChunkings(gpg.symmetric(passphrase, plain, "--cipher-algo", "AES256"));
        checkAllChunkings(gpg.symmetric(passphrase, text, "--cipher-algo", "AES256"));
        checkAllChunkings(gpg.symmetric(passphrase, plain, "--cipher-algo", "AES256", "--compress-algo", "none"));
        checkAllChunkings(gpg.symmetric(passphrase, new byte[0], "--cipher-algo", "AES256", "--compress-algo", "none"));
        gpg.run(passphrase, List.of("--quick-gen-key", "framing@test", "future-default", "default", "never"),
                new byte[0]);
        checkAllChunkings(gpg.run(passphrase, List.of("--trust-model", "always", "-e", "-r", "framing@test"), plain));
        checkAllChunkings(gpg.run(passphrase, List.of("--trust-model", "always", "-e", "-r", "framing@test",
                "--symmetric", "--cipher-algo", "AES256"), text));
    }

    /** gpg still writes tag 9 when asked (--rfc2440): a restore refuses it, so the receiver does too. */
    @Test
    void refusesStockGpgOutputWithoutIntegrityProtection() throws Exception {
        GpgCli gpg = new GpgCli(dir);
        Path passphrase = GpgCli.passphraseFile(dir, "passphrase", "framing test\n".getBytes(StandardCharsets.UTF_8));
        byte[] noMdc = gpg.symmetric(passphrase, new byte[5000], "--rfc2440", "--cipher-algo", "AES256");
        assertThatThrownBy(() -> check(noMdc, 512))
                .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e -> assertThat(e.truncated).isFalse())
                .hasMessageContaining("type 9");
    }

    @Test
    void aPlaintextHeaderInFrontOfRealCiphertextIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Passphrase passphrase = Passphrase.ofChars("framing test".toCharArray());
             OutputStream encrypting = OpenPgpEncryptor.open(out, passphrase)) {
            encrypting.write(new byte[1000]);
        }
        byte[] real = out.toByteArray();
        assertThatThrownBy(() -> check(concat(hex("a4"), real), 64)).hasMessageContaining("type 9");
        assertThatThrownBy(() -> check(concat(real, "plain".getBytes(StandardCharsets.US_ASCII)), 64))
                .hasMessageContaining("data follows");
    }
}
