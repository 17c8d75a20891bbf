package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind LIB/console.jsa goes through what a console start loads and each
 * step succeeds (install.sh would otherwise leave the console without an archive). That the
 * installed wrapper maps the archive, on the console's own class path, is ops/check-install.sh's check.
 */
class ClassDataTrainingTest {

    @TempDir
    Path dir;

    @Test
    void helpsEverySubcommandIncludingNestedOnesOnce() {
        List<List<String>> calls = ClassDataTraining.helpCalls();

        assertThat(calls).contains(List.of("--version"), List.of("restore", "--help"), List.of("events", "tail", "--help"),
                List.of("dlq", "retry", "--help"));
        assertThat(calls).doesNotHaveDuplicates();
    }

    /** Every step checks its exit status: list, verify, the decryption, and events, dlq, status over a broker. */
    @Test
    void storesListsVerifiesDecodesAndTalksToABroker() throws Exception {
        ClassDataTraining.train(dir);

        try (Stream<Path> files = Files.list(dir.resolve("backups").resolve(ClassDataTraining.SET))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .anyMatch(n -> n.endsWith(".full.btrfs.gpg")).anyMatch(n -> n.endsWith(".manifest"));
        }
        assertThat(dir.resolve("broker-data")).as("the broker's journal").isDirectory();
    }
}
