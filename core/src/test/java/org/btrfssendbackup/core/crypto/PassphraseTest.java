package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassphraseTest {
    @TempDir
    Path dir;

    /** The file gpg encrypted with must open our decryptor: proves we read what gpg reads. */
    @ParameterizedTest
    @ValueSource(strings = {"abc", "abc\nsecond line", "abc\r\nsecond line", "  spaced  \n",
            "base64+/=Zm9vYmFy\n", "ünïcödé ✓\n", "tab\there\n\n"})
    void readsTheSameFirstLineAsGpg(String content) throws IOException {
        GpgCli gpg = new GpgCli(dir);
        Path file = GpgCli.passphraseFile(dir, "passphrase", content.getBytes(StandardCharsets.UTF_8));
        byte[] plain = "checked by gpg".getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext = gpg.symmetric(file, plain);

        try (Passphrase passphrase = Passphrase.fromFile(file);
                InputStream in = OpenPgpDecryptor.open(new ByteArrayInputStream(ciphertext), passphrase, "t.gpg")) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    @Test
    void keepsCarriageReturnLikeGpg() throws IOException {
        Path crlf = GpgCli.passphraseFile(dir, "crlf", "abc\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Passphrase passphrase = Passphrase.fromFile(crlf)) {
            assertThat(passphrase.chars()).containsExactly('a', 'b', 'c', '\r');
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\nsecond line"})
    void refusesAnEmptyFirstLine(String content) throws IOException {
        Path file = GpgCli.passphraseFile(dir, "empty", content.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Passphrase.fromFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-"})
    void refusesAFileOthersMayRead(String mode) throws IOException {
        Path file = GpgCli.passphraseFile(dir, "loose", "secret\n".getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        assertThatThrownBy(() -> Passphrase.fromFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesInvalidUtf8() throws IOException {
        Path file = GpgCli.passphraseFile(dir, "latin1", new byte[] {'a', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Passphrase.fromFile(file)).hasMessageContaining("UTF-8");
    }

    @Test
    void neverRevealsItselfAndIsWipedOnClose() throws IOException {
        Path file = GpgCli.passphraseFile(dir, "p", "hunter2-secret\n".getBytes(StandardCharsets.US_ASCII));
        Passphrase passphrase = Passphrase.fromFile(file);
        char[] held = passphrase.chars();
        assertThat(passphrase.toString()).doesNotContain("hunter2");
        passphrase.close();
        assertThat(held).containsOnly('\0');
        assertThat(passphrase.toString()).doesNotContain("hunter2");
        assertThatThrownBy(passphrase::chars).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofCharsCopiesTheCallersArray() {
        char[] mine = "secret".toCharArray();
        try (Passphrase passphrase = Passphrase.ofChars(mine)) {
            mine[0] = 'X';
            assertThat(passphrase.chars()).containsExactly("secret".toCharArray());
        }
        assertThatThrownBy(() -> Passphrase.ofChars(new char[0])).hasMessageContaining("empty");
    }
}
