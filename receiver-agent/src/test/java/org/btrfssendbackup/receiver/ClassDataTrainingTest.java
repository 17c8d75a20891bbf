package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind LIB/receiver.jsa goes through the commands an SSH call runs, with
 * and without a broker, and they succeed (install.sh would otherwise leave the receiver without an archive). That the
 * installed wrapper maps the archive is ops/check-install.sh's check.
 */
class ClassDataTrainingTest {

    @TempDir
    Path dir;

    /**
     * Both put-streams stored their stream; the one with BROKER_URL also had its StreamReceived
     * confirmed by the broker the run started (the run fails on "event not published").
     */
    @Test
    void storesListsAndFetchesThroughReceiverMainAndPublishesToABroker() throws Exception {
        ClassDataTraining.train(dir);

        for (String set : List.of(ClassDataTraining.SET, ClassDataTraining.SET_WITH_EVENTS)) {
            List<String> names = storedFiles(dir.resolve("backups").resolve(set));
            assertThat(names).as(set).hasSize(2);
            assertThat(names.get(0)).matches("training-\\d{8}T\\d{6}Z\\.full\\.btrfs\\.gpg");
            assertThat(names.get(1)).matches("training-\\d{8}T\\d{6}Z\\.manifest");
        }
        assertThat(dir.resolve("broker-data")).as("the broker's journal").isDirectory();
    }

    private static List<String> storedFiles(Path set) throws Exception {
        try (Stream<Path> files = Files.list(set)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
