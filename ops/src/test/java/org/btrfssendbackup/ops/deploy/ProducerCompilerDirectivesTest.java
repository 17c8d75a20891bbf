package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.btrfssendbackup.ops.bench.BackupThroughputBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The compiler directives the producer's wrapper passes (ops/deploy/prod-srv/producer-compiler.json)
 * parse on this JDK and do what the wrapper says: C2 still compiles the crypto path, where its
 * intrinsics live, and nothing else. Checked in a real child JVM with -XX:+PrintCompilation,
 * running {@link CompilerDirectivesProbe}.
 */
class ProducerCompilerDirectivesTest {

    // surefire runs in the module directory (ops/)
    private static final Path DIRECTIVES = Path.of("deploy", "prod-srv", "producer-compiler.json");
    private static final String PROBE_MIX = CompilerDirectivesProbe.class.getName() + "::mix";
    /** A PrintCompilation line: time, compile id, flags (%, s, !, b, n), tier, method. */
    private static final Pattern COMPILED = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sb!n ]*?([0-4])\\s+(\\S+::\\S+)");

    private record Compiled(int tier, String method) {
    }

    @Test
    void withoutDirectivesTheProbeReachesC2() throws Exception {
        // the control: the probe is hot enough for C2, so the test below can fail
        assertThat(compiledMethods(List.of())).contains(new Compiled(4, PROBE_MIX));
    }

    @Test
    void theDirectivesKeepC2ForTheCryptoPathOnly() throws Exception {
        // PrintCompilation writes to the JVM's own output, which the wrapper turns off
        List<Compiled> compiled = compiledMethods(withJvmOutput(wrapperOptions()));
        assertThat(compiled).contains(new Compiled(4, "sun.security.provider.DigestBase::implCompressMultiBlock0"));
        assertThat(compiled).contains(new Compiled(1, PROBE_MIX)).doesNotContain(new Compiled(4, PROBE_MIX));
        assertThat(compiled).filteredOn(c -> c.tier() == 4)
                .allSatisfy(c -> assertThat(c.method()).matches("(sun\\.security\\.provider|com\\.sun\\.crypto\\.provider"
                        + "|javax\\.crypto|java\\.security\\.MessageDigest|org\\.btrfssendbackup\\.core\\.crypto)\\..*"));
    }

    @Test
    void theWrapperAndTheBenchmarkNameTheDirectivesWithTheseOptions() throws Exception {
        String wrapper = Files.readString(Path.of("deploy", "prod-srv", "btrfs-send-backup"));
        assertThat(wrapper).contains("set -- " + BackupThroughputBenchmark.DIRECTIVES_OPTIONS
                + "\"$LIB/producer-compiler.json\" \"$@\"");
    }

    @Test
    void theWrapperSilencesWhatTheDirectivesMakeTheJvmPrint() throws Exception {
        assertThat(run(wrapperOptions())).containsExactly("probe done");
        // the control: without -XX:-DisplayVMOutput the JVM announces the directives on stdout
        assertThat(run(withJvmOutput(wrapperOptions()))).contains("2 compiler directives added");
    }

    /** The options the wrapper adds, naming this checkout's file. */
    private static List<String> wrapperOptions() {
        return List.of((BackupThroughputBenchmark.DIRECTIVES_OPTIONS + DIRECTIVES.toAbsolutePath()).split(" "));
    }

    private static List<String> withJvmOutput(List<String> options) {
        return options.stream().filter(o -> !o.equals("-XX:-DisplayVMOutput")).toList();
    }

    private static List<Compiled> compiledMethods(List<String> options) throws IOException, InterruptedException {
        List<String> withPrint = new ArrayList<>(options);
        withPrint.add("-XX:+PrintCompilation");
        List<Compiled> compiled = new ArrayList<>();
        for (String line : run(withPrint)) {
            Matcher m = COMPILED.matcher(line);
            if (m.find() && !line.contains("made not entrant")) {
                compiled.add(new Compiled(Integer.parseInt(m.group(1)), m.group(2)));
            }
        }
        return compiled;
    }

    /** The child JVM's stdout and stderr lines; fails unless it exits 0. */
    private static List<String> run(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                CompilerDirectivesProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s exited with:%n%s", command, output).isZero();
        return output.lines().toList();
    }
}
