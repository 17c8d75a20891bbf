package org.btrfssendbackup.receiver.luks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.CliCryptsetup;
import org.btrfssendbackup.core.tools.Cryptsetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key path of open-luks against a real LUKS header (what works without device-mapper): a
 * volume formatted the seed's way, with the key FILE as an argument, accepts the file's bytes
 * as open-luks reads them from stdin; any other bytes are refused.
 */
class LuksHeaderSystemTest {

    @Test
    void theKeyFileSentOverStdinIsTheKeyTheSeedFormattedWith(@TempDir Path dir) throws IOException {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("cryptsetup");
        Path image = dir.resolve("sdb1.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(32L << 20);
        }
        // openssl rand -base64 64 > luks-key: two lines of base64
        Path keyFile = dir.resolve("luks-key");
        Files.writeString(keyFile, "bXkgbHVrcyBrZXkgZm9yIHRlc3RzIG9ubHksIG5vdCBhIHJlYWwgb25lIGF0IGFsbCwgcmVhbGx5IQ==\n"
                + "AAECAwQFBgcICQ==\n");
        LocalProcessRunner runner = new LocalProcessRunner();
        // sudo cryptsetup luksFormat /dev/sdb1 /root/prod-srv-luks-key (cheap KDF for the test)
        runner.run(CommandLine.of("cryptsetup", "luksFormat", "--batch-mode", "--pbkdf", "pbkdf2",
                "--pbkdf-force-iterations", "1000", image.toString(), keyFile.toString()));
        Cryptsetup cryptsetup = CliCryptsetup.withCheapKdfForTests(runner);

        byte[] asReceived;
        try (InputStream stdin = Files.newInputStream(keyFile)) {
            asReceived = LuksKeyInput.read(stdin);
        }

        assertThat(cryptsetup.keyMatches(image, asReceived)).isTrue();
        assertThat(asReceived).as("consumed").containsOnly(0);
        byte[] key = Files.readAllBytes(keyFile);
        assertThat(cryptsetup.keyMatches(image, LuksKeyInput.read(new ByteArrayInputStream(
                Arrays.copyOf(key, key.length - 1))))).as("without the trailing newline").isFalse();
        assertThat(cryptsetup.keyMatches(image, LuksKeyInput.read(new ByteArrayInputStream(
                "wrong\n".getBytes(StandardCharsets.US_ASCII))))).isFalse();
    }
}
