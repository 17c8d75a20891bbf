package org.btrfssendbackup.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-picked histories in src/test/resources/retention/*.txt with their expected plans.
 * Run with -Dgolden.update=true to rewrite the expected part (then review the diff).
 */
class RetentionGoldenFilesTest {

    private static final Path DIR = Path.of("src/test/resources/retention");

    static Stream<Path> goldenFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> sorted = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
            assertThat(sorted).as("golden files in " + DIR.toAbsolutePath()).isNotEmpty();
            return sorted.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void planMatchesGoldenFile(Path file) throws IOException {
        GoldenHistory history = GoldenHistory.parse(Files.readAllLines(file));
        List<String> actual = history.plan().describe();
        if (Boolean.getBoolean("golden.update")) {
            Files.write(file, history.rewritten(actual));
            return;
        }
        assertThat(actual).as(file.getFileName().toString()).containsExactlyElementsOf(history.expected());
    }
}
