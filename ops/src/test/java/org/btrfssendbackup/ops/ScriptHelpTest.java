package org.btrfssendbackup.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** ops/demo.sh and every ops/bench script answer --help with their usage and exit 0, building nothing. */
class ScriptHelpTest {

    private static List<Path> scripts() throws Exception {
        List<Path> scripts = new ArrayList<>();
        scripts.add(Path.of("demo.sh")); // tests run in the ops module directory
        try (Stream<Path> bench = Files.list(Path.of("bench"))) {
            bench.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        return scripts;
    }

    @Test
    void helpPrintsTheScriptsDescriptionAndExitsZeroWithinSeconds() throws Exception {
        List<Path> scripts = scripts();
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(5);
        for (Path script : scripts) {
            Process process = new ProcessBuilder("bash", script.toString(), "--help").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // Seconds, not minutes: a --help that fell through to ./mvnw would take far longer.
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as(script + " finished").isTrue();
            assertThat(process.exitValue()).as(script + ": " + output).isZero();
            String firstComment = Files.readAllLines(script).get(1).replaceFirst("^# ?", "");
            assertThat(output).as(script.toString()).startsWith(firstComment).doesNotContain("#!/")
                    .doesNotContain("building");
        }
    }
}
