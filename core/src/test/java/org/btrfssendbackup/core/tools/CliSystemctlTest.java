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
}
