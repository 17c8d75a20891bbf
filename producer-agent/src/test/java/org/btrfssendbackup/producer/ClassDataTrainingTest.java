package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run behind LIB/producer.jsa succeeds end to end: config check of a config in
 * the seed's format, the stream encoder, the reply parser, and the embedded broker, which keeps
 * its journal in the run's directory. That the installed wrapper maps the archive is
 * ops/check-install.sh's check.
 */
class ClassDataTrainingTest {

    @TempDir
    Path dir;

    @Test
    void runsEveryTrainingStepInItsOwnDirectory() throws Exception {
        ClassDataTraining.train(dir);

        assertThat(dir.resolve("prod.conf")).isRegularFile();
        Path journal = dir.resolve("broker").resolve("data");
        assertThat(journal).isDirectory();
        try (Stream<Path> files = Files.walk(journal)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".amq")).count())
                    .as("the embedded broker wrote its journal").isPositive();
        }
    }
}
