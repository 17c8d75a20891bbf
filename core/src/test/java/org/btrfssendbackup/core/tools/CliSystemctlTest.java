package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.junit.jupiter.api.Test;

/**
 * systemd does not run here, so a FakeSystemctl factory replaces the program with a shell
 * script that answers like systemctl; the argv CliSystemctl builds is recorded and checked.
 */
class CliSystemctlTest {

    private final List<List<String>> started = new ArrayList<>();

    private Systemctl fakeSystemctl(String script) {
        return new CliSystemctl(new LocalProcessRunner(builder -> {
            started.add(List.copyOf(builder.command()));
            builder.command("sh", "-c", script);
            return builder.start();
        }));
    }

    @Test
    void isActiveMapsEachUnitToItsState() {
        Systemctl systemctl = fakeSystemctl("printf 'active\\ninactive\\nfailed\\n'; exit 3");
        assertThat(systemctl.activeStates(List.of("nginx", "mysql", "redis-server")))
                .containsExactly(java.util.Map.entry("nginx", "active"), java.util.Map.entry("mysql", "inactive"),
                        java.util.Map.entry("redis-server", "failed"));
        assertThat(started).containsExactly(List.of("systemctl", "is-active", "nginx", "mysql", "redis-server"));
    }

    @Test
    void stopFailureCarriesStderr() {
        Systemctl systemctl = fakeSystemctl("echo 'Failed to stop mysql.service: Unit mysql.service not loaded.' >&2; exit 5");
        assertThatThrownBy(() -> systemctl.stop(List.of("mysql")))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("stop services mysql failed: exit status 5")
                .hasMessageContaining("not loaded");
    }

    @Test
    void startRunsTheRightArgv() {
        fakeSystemctl("exit 0").start(List.of("nginx", "php8.2-fpm"));
        assertThat(started).containsExactly(List.of("systemctl", "start", "nginx", "php8.2-fpm"));
    }

    @Test
    void loadStatesAsksOneUnitAtATimeAndReportsMissingOnes() {
        Systemctl systemctl = fakeSystemctl("echo not-found");
        assertThat(systemctl.loadStates(List.of("nginx", "nginz")))
                .containsExactly(java.util.Map.entry("nginx", "not-found"), java.util.Map.entry("nginz", "not-found"));
        assertThat(started).containsExactly(List.of("systemctl", "show", "--property=LoadState", "--value", "nginx"),
                List.of("systemctl", "show", "--property=LoadState", "--value", "nginz"));
    }

    @Test
    void loadStatesRefusesAnEmptyAnswer() {
        assertThatThrownBy(() -> fakeSystemctl("exit 0").loadStates(List.of("nginx")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no LoadState for nginx");
    }

    @Test
    void cancellingATimerThatAlreadyFiredIsNotAFailure() {
        fakeSystemctl("echo 'Failed to stop g.timer: Unit g.timer not loaded.' >&2; exit 5").cancelTimer("g");
        assertThat(started).containsExactly(List.of("systemctl", "stop", "g.timer"));
        assertThatThrownBy(() -> fakeSystemctl("echo 'Access denied' >&2; exit 4").cancelTimer("g"))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("cancel timer g.timer");
    }

    @Test
    void armingRunsSystemdRunAndAFailureCarriesItsStderr() {
        assertThatThrownBy(() -> fakeSystemctl("echo 'Failed to connect to bus: No such file or directory' >&2; exit 1")
                .armResumeTimer("g", java.time.Duration.ofSeconds(600), List.of("nginx")))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("arm timer g.timer to start nginx in 600 s")
                .hasMessageContaining("Failed to connect to bus");
        assertThat(started.get(0)).startsWith("systemd-run", "--unit=g", "--on-active=600s").endsWith("start", "nginx");
    }
}
