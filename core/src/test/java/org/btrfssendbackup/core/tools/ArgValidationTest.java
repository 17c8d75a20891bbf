package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values a tool would misread (relative paths, option-like names, spaces) are refused. */
class ArgValidationTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                bad("relative snapshot", () -> BtrfsArgs.send(Path.of("snap"), Optional.empty()), "absolute"),
                bad("relative parent", () -> BtrfsArgs.send(Path.of("/s"), Optional.of(Path.of("p"))), "absolute"),
                bad("relative receive dir", () -> BtrfsArgs.receive(Path.of("r"), true), "absolute"),
                bad("option as ssh target", () -> SshArgs.to("-oProxyCommand=evil"), "not start with '-'"),
                bad("space in ssh target", () -> SshArgs.to("a b"), "spaces"),
                bad("port zero", () -> SshArgs.to("h").withPort(0), "1..65535"),
                bad("port text", () -> SshArgs.fromSeedValues("h", "ssh", ""), "ssh"),
                bad("relative identity", () -> SshArgs.to("h").withIdentityFile(Path.of("id")), "absolute"),
                bad("cipher with space", () -> SshArgs.to("h").withCipher("aes x"), "malformed"),
                bad("keepalive below a second", () -> new SshKeepalive(Duration.ofMillis(500), 4), "at least 1s"),
                bad("keepalive in fractions", () -> new SshKeepalive(Duration.ofMillis(1500), 4), "whole seconds"),
                bad("keepalive count zero", () -> new SshKeepalive(Duration.ofSeconds(15), 0), "at least 1"),
                bad("newline in remote command", () -> SshArgs.to("h").remoteCommand("list a\nrm"), "one non-empty line"),
                bad("empty remote command", () -> SshArgs.to("h").remoteCommand(""), "one non-empty line"),
                bad("option as unit", () -> SystemctlArgs.stop(List.of("--all")), "not a systemd unit"),
                bad("no units", () -> SystemctlArgs.start(List.of()), "at least one unit"),
                bad("unit with space", () -> SystemctlArgs.stop(List.of("a b")), "not a systemd unit"),
                bad("option as unit to query", () -> SystemctlArgs.loadState("--all"), "not a systemd unit"),
                bad("cancel a service, not a timer", () -> SystemctlArgs.stopTimer("mysql.service"), "not a timer"),
                bad("resume timer without units", () -> SystemdRunArgs.resumeTimer("guard", Duration.ofSeconds(60),
                        List.of()), "at least one unit"),
                bad("resume timer starting an option", () -> SystemdRunArgs.resumeTimer("guard", Duration.ofSeconds(60),
                        List.of("--user")), "not a systemd unit"),
                bad("resume timer name with suffix", () -> SystemdRunArgs.resumeTimer("guard.service",
                        Duration.ofSeconds(60), List.of("a")), "no suffix"),
                bad("resume timer name as option", () -> SystemdRunArgs.resumeTimer("--scope", Duration.ofSeconds(60),
                        List.of("a")), "not a systemd unit"),
                bad("resume timer deadline zero", () -> SystemdRunArgs.resumeTimer("guard", Duration.ZERO, List.of("a")),
                        "at least 1"),
                bad("resume timer deadline fraction", () -> SystemdRunArgs.resumeTimer("guard", Duration.ofMillis(1500),
                        List.of("a")), "whole seconds"),
                bad("option as mapping", () -> CryptsetupArgs.close("-q"), "not start with '-'"),
                bad("slash in mapping", () -> CryptsetupArgs.close("a/b"), "must match"),
                bad("relative device", () -> CryptsetupArgs.open(Path.of("sdb1"), "x"), "absolute"),
                bad("relative mount point", () -> MountArgs.umount(Path.of("mnt")), "absolute"),
                bad("gpg algo injection", () -> new GpgArgs.SymmetricOptions(Optional.of("AES256 --x"), Optional.empty()),
                        "alphanumeric"));
    }

    private static Arguments bad(String name, ThrowingCallable call, String message) {
        return Arguments.of(name, call, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithAClearMessage(String name, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void resumeUnitNamesCarryTheRunIdAndTheArmingTimeAndNothingSystemdWouldEscape() {
        assertThat(SystemdRunArgs.resumeUnitName("3f0c2a8e-5b7d-4c1e-9a6f-0d2b4e6a8c10", 1772330700L))
                .isEqualTo("btrfs-send-backup-resume-3f0c2a8e-5b7d-4c1e-9a6f-0d2b4e6a8c10-1772330700");
        assertThat(SystemdRunArgs.resumeUnitName("manual:run 1", 5L)).isEqualTo("btrfs-send-backup-resume-manual_run_1-5");
        String longest = SystemdRunArgs.resumeUnitName("r".repeat(300), 1772330700L);
        assertThat(longest).endsWith("-1772330700").hasSize(25 + 64 + 11);
        SystemctlArgs.checkUnitName(longest);
    }

    @Test
    void acceptedStatusesMatchTheToolsConventions() {
        assertThat(MountArgs.isMountPoint(Path.of("/m")).acceptedExitStatus()).containsExactly(0, 1, 32);
        assertThat(CryptsetupArgs.testKey(Path.of("/d")).acceptedExitStatus()).containsExactly(0, 2);
        assertThat(CryptsetupArgs.status("x").acceptedExitStatus()).containsExactly(0, 4);
        assertThat(SystemctlArgs.isActive(List.of("a")).acceptedExitStatus()).containsExactly(0, 3);
        assertThat(SystemctlArgs.stopTimer("a.timer").acceptedExitStatus()).containsExactly(0, 5);
        assertThat(SystemctlArgs.loadState("a").acceptedExitStatus()).containsExactly(0);
        assertThat(BtrfsArgs.send(Path.of("/s"), Optional.empty()).acceptedExitStatus()).containsExactly(0);
    }
}
