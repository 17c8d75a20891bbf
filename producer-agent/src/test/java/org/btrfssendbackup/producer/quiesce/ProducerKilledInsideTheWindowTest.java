package org.btrfssendbackup.producer.quiesce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.producer.testing.RecordingSystemctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * design.md 7.4 and 8: services come back within QUIESCE_MAX_SECONDS even when the producer is
 * killed -9 while they are stopped. A child JVM runs the quiesce window ({@link QuiesceVictim})
 * with the FAKE systemctl/systemd-run journaling every call; it is SIGKILLed inside the window
 * (no finally runs). The journal must show the timer armed, with the units and the deadline,
 * before the first stop, and no start; then this test plays systemd at the deadline by firing
 * the recorded timer, and the units run again.
 */
class ProducerKilledInsideTheWindowTest {

    @TempDir
    Path dir;

    @Test
    void theTimerArmedBeforeTheStopIsWhatStartsTheServicesAfterAKill() throws Exception {
        Path journal = dir.resolve("systemd-calls.tsv");
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), QuiesceVictim.class.getName(),
                journal.toString(), "37", "nginx", "mysql")
                .redirectError(dir.resolve("victim.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do { // logback may print its status lines on stdout first
                line = out.readLine();
            } while (line != null && !line.equals("IN-WINDOW"));
            assertThat(line).as("the child's stderr: %s", dir.resolve("victim.err")).isEqualTo("IN-WINDOW");
            victim.destroyForcibly(); // SIGKILL: no finally, no shutdown hook
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            victim.destroyForcibly();
        }
        assertThat(victim.exitValue()).isEqualTo(128 + 9);

        List<List<String>> calls = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            calls.add(Arrays.asList(line.split("\t")));
        }
        assertThat(calls).extracting(argv -> argv.get(0) + " " + argv.get(1)).containsExactly(
                "systemctl show", "systemctl show", "systemd-run --unit=btrfs-send-backup-resume-victim-run-"
                        + calls.get(2).get(1).substring(calls.get(2).get(1).lastIndexOf('-') + 1),
                "systemctl stop");
        RecordingSystemctl.ArmedTimer timer = RecordingSystemctl.parseSystemdRun(calls.get(2)).orElseThrow();
        assertThat(timer.onActiveSeconds()).isEqualTo(37);
        assertThat(timer.command()).containsExactly("systemctl", "start", "nginx", "mysql");
        assertThat(calls.get(3)).containsExactly("systemctl", "stop", "nginx", "mysql");

        // systemd at the deadline: the services were left stopped by the dead producer; the timer starts them.
        RecordingSystemctl systemd = new RecordingSystemctl();
        systemd.markStopped(List.of("nginx", "mysql"));
        systemd.arm(timer);
        systemd.fireArmedTimers();
        assertThat(systemd.calls()).containsExactly(List.of("systemctl", "start", "nginx", "mysql"));
        assertThat(systemd.isRunning("nginx")).isTrue();
        assertThat(systemd.isRunning("mysql")).isTrue();
    }
}
