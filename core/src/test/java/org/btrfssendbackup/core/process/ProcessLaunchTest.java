package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLaunchTest {

    @TempDir
    Path dir;

    @Test
    void vforkOnLinuxUpToJdk21WhenNobodyChoseAMechanism() {
        assertThat(ProcessLaunch.mechanismFor("Linux", 17, null)).contains("VFORK");
        assertThat(ProcessLaunch.mechanismFor("Linux", 21, null)).contains("VFORK");
        assertThat(ProcessLaunch.mechanismFor("Linux", 22, null)).isEmpty();
        assertThat(ProcessLaunch.mechanismFor("Mac OS X", 17, null)).isEmpty();
        assertThat(ProcessLaunch.mechanismFor("Linux", 17, "POSIX_SPAWN")).isEmpty();
    }

    /**
     * The real JVM under strace: after preferVfork the one process runner starts {@code echo}
     * without executing the JDK's jspawnhelper first; the control, a JVM told to use
     * posix_spawn, does execute it (so the check can fail).
     */
    @Test
    void aJvmThatPrefersVforkExecutesNoSpawnHelper() throws IOException, InterruptedException {
        SystemTests.assumeTool("strace");

        List<String> preferred = execsOfProbe(List.of());
        List<String> control = execsOfProbe(List.of("-D" + ProcessLaunch.PROPERTY + "=POSIX_SPAWN"));

        assertThat(preferred).anyMatch(line -> line.contains("\"/bin/echo\"") || line.contains("echo\", [\"echo\""));
        assertThat(preferred).noneMatch(line -> line.contains("jspawnhelper"));
        assertThat(control).anyMatch(line -> line.contains("jspawnhelper"));
    }

    /** The execve lines of a probe JVM and its children (strace -f), after it printed "ran=ok". */
    private List<String> execsOfProbe(List<String> jvmOptions) throws IOException, InterruptedException {
        Path trace = Files.createTempFile(dir, "execs", ".txt");
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-o", trace.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), VforkProbe.class.getName()));
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as(output).contains("ran=ok");
        return Files.readAllLines(trace).stream().filter(line -> line.contains("execve(") && !line.contains("ENOENT")).toList();
    }

    /** The probe JVM: prefers vfork (a no-op when a mechanism was given), runs `echo ok` through LocalProcessRunner. */
    static final class VforkProbe {
        public static void main(String[] args) {
            ProcessLaunch.preferVfork();
            CommandResult result = new LocalProcessRunner().run(CommandLine.of("echo", "ok"));
            System.out.println("mechanism=" + Optional.ofNullable(System.getProperty(ProcessLaunch.PROPERTY)).orElse("none"));
            System.out.println("ran=" + result.stdoutText().trim());
        }
    }
}
