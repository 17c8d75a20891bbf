package org.btrfssendbackup.ops.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A mapper exists once per format: events ({@code messages.EventJson}) and the other JSON formats
 * ({@code messages.JsonFormats}). Product code anywhere else that builds a Jackson mapper of its
 * own would let a format drift between the programs that write and read it.
 */
class OneMapperPerFormatTest {

    private static final Set<String> HOMES = Set.of("EventJson.java", "JsonFormats.java");

    @Test
    void noProductCodeBuildsAMapperOfItsOwn() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(repository)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !HOMES.contains(p.getFileName().toString()))
                    .filter(OneMapperPerFormatTest::buildsAMapper)
                    .map(p -> repository.relativize(p).toString())
                    .toList();
        }
        assertThat(offenders).as("main code that builds its own ObjectMapper instead of EventJson/JsonFormats").isEmpty();
        assertThat(repository.resolve("messages/src/main/java/org/btrfssendbackup/messages/JsonFormats.java")).exists();
    }

    private static boolean buildsAMapper(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("new ObjectMapper(") || text.contains("JsonMapper.builder(");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
