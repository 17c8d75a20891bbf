package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextfileTest {

    @Test
    void writesTheMetricsAsNameDotPromAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("btrfs-send-backup.prom"), "old\n");
        Path file = Textfile.write(dir, "btrfs-send-backup", BackupMetricsTest.sample());
        assertThat(file).isEqualTo(dir.resolve("btrfs-send-backup.prom"));
        assertThat(Files.readString(file)).isEqualTo(BackupMetricsTest.golden());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("btrfs-send-backup.prom");
        }
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingTheKeyAndTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> Textfile.write(missing, "x", MetricsState.ofSets(List.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("TEXTFILE_DIR " + missing)
                .hasMessageContaining(missing.resolve("x.prom").toString());
    }

    @Test
    void namesAreFileNamesOnly(@TempDir Path dir) {
        assertThatThrownBy(() -> Textfile.write(dir, "../x", MetricsState.ofSets(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Textfile.namePart("prod-srv/rootfs")).isEqualTo("prod-srv_rootfs");
    }
}
