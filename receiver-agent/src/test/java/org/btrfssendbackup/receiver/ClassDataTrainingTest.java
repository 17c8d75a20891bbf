package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind LIB/receiver.jsa goes through the commands an SSH call runs, and
 * they succeed (install.sh would otherwise leave the receiver without an archive). That the
 * installed wrapper maps the archive is ops/check-install.sh's check.
 */
class ClassDataTrainingTest {

    @TempDir
    Path dir;

    @Test
    void storesListsAndFetchesOneStreamThroughReceiverMain() throws Exception {
        ClassDataTraining.train(dir);

        Path set = dir.resolve("backups").resolve(ClassDataTraining.SET);
        try (Stream<Path> files = Files.list(set)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().toList();
            assertThat(names).hasSize(2);
            assertThat(names.get(0)).matches("training-\\d{8}T\\d{6}Z\\.full\\.btrfs\\.gpg");
            assertThat(names.get(1)).matches("training-\\d{8}T\\d{6}Z\\.manifest");
        }
    }
}
