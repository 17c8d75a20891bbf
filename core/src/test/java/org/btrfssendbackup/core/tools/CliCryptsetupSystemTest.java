package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LUKS headers on an image file: what works here without device-mapper (no mapping is
 * created). The seed's key file (base64 text plus newline) is the key, byte for byte.
 */
class CliCryptsetupSystemTest {

    @Test
    void formatThenCheckRightAndWrongKeys(@TempDir Path dir) throws IOException {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("cryptsetup");
        Path image = dir.resolve("luks.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(32L * 1024 * 1024);
        }
        Cryptsetup cryptsetup = CliCryptsetup.withCheapKdfForTests(new LocalProcessRunner());
        byte[] key = "c2VjcmV0IGtleSBmb3IgdGVzdHM=\n".getBytes(StandardCharsets.US_ASCII);

        cryptsetup.format(image, key.clone());

        byte[] right = key.clone();
        assertThat(cryptsetup.keyMatches(image, right)).isTrue();
        assertThat(right).as("the key is zeroed after use").containsOnly(0);
        byte[] withoutNewline = "c2VjcmV0IGtleSBmb3IgdGVzdHM=".getBytes(StandardCharsets.US_ASCII);
        assertThat(cryptsetup.keyMatches(image, withoutNewline)).isFalse();
        assertThat(cryptsetup.keyMatches(image, "wrong\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
