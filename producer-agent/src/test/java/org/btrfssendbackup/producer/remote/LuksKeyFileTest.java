package org.btrfssendbackup.producer.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LUKS_KEY_FILE: the whole content as cryptsetup --key-file reads it, and only from a private file. */
class LuksKeyFileTest {

    @TempDir
    Path dir;

    Path keyFile(String perms, byte[] content) throws IOException {
        Path file = dir.resolve("luks-key");
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    @Test
    void theWholeFileIncludingTheTrailingNewlineIsTheKey() throws Exception {
        byte[] content = "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8);
        assertThat(LuksKeyFile.read(keyFile("rw-------", content))).isEqualTo(content);
    }

    @Test
    void binaryKeysLongerThanTheReadBufferArriveIntact() throws Exception {
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        assertThat(LuksKeyFile.read(keyFile("r--------", content))).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-", "rwx--x---"})
    void aFileAccessibleByGroupOrOthersIsRefusedNamingTheFix(String perms) throws Exception {
        Path file = keyFile(perms, "secret-key-material\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> LuksKeyFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("refusing LUKS key file " + file).hasMessageContaining("chmod 600")
                .hasMessageNotContaining("secret-key-material");
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        Path empty = keyFile("rw-------", new byte[0]);
        assertThatThrownBy(() -> LuksKeyFile.read(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> LuksKeyFile.read(dir.resolve("missing"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }
}
