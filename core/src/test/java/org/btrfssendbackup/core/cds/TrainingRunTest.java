package org.btrfssendbackup.core.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.stream.StreamDecoder;
import org.junit.jupiter.api.Test;

class TrainingRunTest {

    @Test
    void theTemporaryDirectoryIsRemovedAfterTheRun() throws Exception {
        AtomicReference<Path> seen = new AtomicReference<>();
        TrainingRun.inTemporaryDirectory("test-program", dir -> {
            seen.set(dir);
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("file"), "x");
        });
        assertThat(seen.get().getFileName().toString()).startsWith("test-program-class-data-");
        assertThat(seen.get()).doesNotExist();
    }

    @Test
    void theTemporaryDirectoryIsRemovedWhenTheRunFails() {
        AtomicReference<Path> seen = new AtomicReference<>();
        assertThatThrownBy(() -> TrainingRun.inTemporaryDirectory("test-program", dir -> {
            seen.set(dir);
            Files.writeString(dir.resolve("file"), "x");
            throw new IOException("training step failed");
        })).hasMessage("training step failed");
        assertThat(seen.get()).doesNotExist();
    }

    @Test
    void theTrainingDataIsTheSameEveryRunAndHalfOfItIsText() {
        byte[] data = TrainingRun.sendStreamLike(1 << 16);
        assertThat(data).isEqualTo(TrainingRun.sendStreamLike(1 << 16));
        String textHalf = new String(data, 1 << 15, 1 << 15, StandardCharsets.US_ASCII);
        assertThat(textHalf).contains("backup line of text");
    }

    @Test
    void theTrainingStreamDecodesBackToTheData() throws Exception {
        byte[] plain = TrainingRun.sendStreamLike(1 << 20);
        char[] passphrase = "training passphrase".toCharArray();
        byte[] stored = TrainingRun.encrypted(plain, passphrase);

        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        try (Passphrase secret = Passphrase.ofChars(passphrase)) {
            new StreamDecoder(secret).decode(new ByteArrayInputStream(stored), decoded, "training stream");
        }
        assertThat(decoded.toByteArray()).isEqualTo(plain);
        assertThat(stored.length).as("zstd compressed the text half").isLessThan(plain.length * 3 / 4);
    }

    @Test
    void aFailedCheckNamesTheProgramAndWhatWentWrong() {
        assertThatThrownBy(() -> TrainingRun.check(false, "btrfs-send-backup", "config check exited with status 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("btrfs-send-backup class data training: config check exited with status 1");
    }
}
