package org.btrfssendbackup.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet host's launch: exact argv, the overlay only on the top directories of bind targets, quoting. */
class HostLaunchTest {

    private static final Path SCRATCH = Path.of("/tmp/t/p1/run");

    @Test
    void runsTheProgramInTheNamespaceWithItsHostNameAndItsOwnDirectories() {
        HostLaunch launch = HostLaunch.of("fl0a1b2c-p1", "p1", SCRATCH)
                .bind(Path.of("/tmp/t/p1/var"), Path.of("/var/lib/btrfs-send-backup"))
                .bind(Path.of("/tmp/t/p1/etc"), Path.of("/etc/btrfs-send-backup"))
                .withPidFile(Path.of("/tmp/t/logs/run.pid")).withLog(Path.of("/tmp/t/logs/run.log"));

        assertThat(launch.argv(List.of("java", "-version"))).containsExactly("ip", "netns", "exec", "fl0a1b2c-p1",
                "unshare", "--uts", "--mount", "--propagation", "private", "sh", "-c", String.join("\n",
                        "set -e",
                        "echo $$ > '/tmp/t/logs/run.pid'",
                        "hostname 'p1'",
                        "mount -t overlay overlay -o 'lowerdir=/etc,upperdir=/tmp/t/p1/run/overlay-etc/upper,"
                                + "workdir=/tmp/t/p1/run/overlay-etc/work' '/etc'",
                        "mount -t overlay overlay -o 'lowerdir=/var,upperdir=/tmp/t/p1/run/overlay-var/upper,"
                                + "workdir=/tmp/t/p1/run/overlay-var/work' '/var'",
                        "mkdir -p '/etc/btrfs-send-backup'",
                        "mount --bind '/tmp/t/p1/etc' '/etc/btrfs-send-backup'",
                        "mkdir -p '/var/lib/btrfs-send-backup'",
                        "mount --bind '/tmp/t/p1/var' '/var/lib/btrfs-send-backup'",
                        "exec \"$@\" > '/tmp/t/logs/run.log' 2>&1"),
                "sh", "java", "-version");
        assertThat(launch.overlaid()).containsExactly(Path.of("/etc"), Path.of("/var"));
    }

    @Test
    void withoutBindsPidOrLogItOnlyNamesTheHostAndExecsInPlace() {
        assertThat(HostLaunch.of("ns", "backup-srv", SCRATCH).prefix()).containsExactly("ip", "netns", "exec", "ns",
                "unshare", "--uts", "--mount", "--propagation", "private", "sh", "-c",
                "set -e\nhostname 'backup-srv'\nexec \"$@\"", "sh");
    }

    @Test
    void quotesSingleQuotesAndRefusesWhatItCannotMount() {
        assertThat(HostLaunch.quote("it's")).isEqualTo("'it'\\''s'");
        assertThatThrownBy(() -> HostLaunch.of("ns", "bad host", SCRATCH)).hasMessageContaining("invalid host name");
        assertThatThrownBy(() -> HostLaunch.of("ns", "p1", SCRATCH).bind(Path.of("/tmp/x"), Path.of("/etc")))
                .hasMessageContaining("below a top-level directory");
        assertThatThrownBy(() -> HostLaunch.of("ns", "p1", SCRATCH).bind(Path.of("/tmp/x"), Path.of("etc/x")))
                .hasMessageContaining("absolute");
    }
}
