package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.decrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.encrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.random;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Altered, cut-short and wrongly keyed files fail loudly, naming the file; never short output. */
class OpenPgpTamperTest {
    static final int SIZE = 2 * OpenPgpEncryptor.PACKET_BYTES + 12345;

    @TempDir
    Path dir;

    static byte[] ours(byte[] plain, String secret) throws IOException {
        try (Passphrase passphrase = Passphrase.ofChars(secret.toCharArray())) {
            return encrypt(plain, passphrase);
        }
    }

    static byte[] decryptWith(byte[] ciphertext, String secret) throws IOException {
        try (Passphrase passphrase = Passphrase.ofChars(secret.toCharArray())) {
            return decrypt(ciphertext, passphrase);
        }
    }

    @Test
    void wrongPassphraseIsReportedAsSuch() throws IOException {
        byte[] ciphertext = ours(random(1000), "right");
        assertThatThrownBy(() -> decryptWith(ciphertext, "wrong"))
                .isInstanceOf(WrongPassphraseException.class)
                .hasMessageContaining("test.gpg")
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void wrongPassphraseOnASeedFileIsReportedAsSuch() throws IOException {
        GpgCli gpg = new GpgCli(dir);
        Path file = GpgCli.passphraseFile(dir, "p", "right\n".getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = gpg.symmetric(file, random(1000));
        assertThatThrownBy(() -> decryptWith(ciphertext, "wrong")).isInstanceOf(WrongPassphraseException.class);
    }

    /** Cuts inside the header, inside packets, at a packet boundary, and just before the MDC. */
    @ParameterizedTest
    @ValueSource(ints = {1, 10, 40, 5000, OpenPgpEncryptor.PACKET_BYTES, OpenPgpEncryptor.PACKET_BYTES + 6,
            SIZE, 22, 23, 1})
    void truncationIsAnErrorNotAShortStream(int cutFromEnd) throws IOException {
        byte[] ciphertext = ours(random(SIZE), "secret");
        byte[] truncated = Arrays.copyOf(ciphertext, ciphertext.length - cutFromEnd);
        assertThatThrownBy(() -> decryptWith(truncated, "secret"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("test.gpg");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 100_000, OpenPgpEncryptor.PACKET_BYTES + 100, -30, -2})
    void aFlippedBitIsDetected(int position) throws IOException {
        byte[] ciphertext = ours(random(SIZE), "secret");
        int at = position >= 0 ? position : ciphertext.length + position;
        ciphertext[at] ^= 0x10;
        assertThatThrownBy(() -> decryptWith(ciphertext, "secret"))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("test.gpg");
    }

    @Test
    void anUntamperedMessageStillDecrypts() throws IOException {
        byte[] plain = random(SIZE);
        assertThat(decryptWith(ours(plain, "secret"), "secret")).isEqualTo(plain);
    }

    @Test
    void refusesSomethingThatIsNotOpenPgp() {
        assertThatThrownBy(() -> decryptWith("btrfs-stream\0 plain".getBytes(StandardCharsets.US_ASCII), "secret"))
                .isInstanceOf(DecryptionException.class)
                .hasMessageContaining("test.gpg");
    }
}
