package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * restore --from-ssh's ssh command line: the producer's options for the same settings (BatchMode,
 * its keepalives, its default cipher list first AES-GCM), --ssh-ciphers with BACKUP_SSH_CIPHERS's
 * grammar, and bad values as usage errors naming the option.
 */
class RestoreSshOptionsTest {

    private static final List<String> REQUIRED = List.of("--passphrase-file", "/p", "--target", "/t", "--set", "a/b");

    static Stream<Arguments> argv() {
        return Stream.of(
                Arguments.of(List.of("--from-ssh", "btrfs-ingest@backup-srv"),
                        List.of("ssh", "-o", "BatchMode=yes",
                                "-c", "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com",
                                "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "ConnectTimeout=60",
                                "btrfs-ingest@backup-srv", "list a/b")),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-port", "2222", "--ssh-identity", "/root/.ssh/backup",
                                "--known-hosts", "/etc/k", "--ssh-ciphers", "aes256-gcm@openssh.com"),
                        List.of("ssh", "-o", "BatchMode=yes", "-p", "2222", "-i", "/root/.ssh/backup",
                                "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=/etc/k", "-c", "aes256-gcm@openssh.com",
                                "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "ConnectTimeout=60", "u@h", "list a/b")),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-ciphers", "default"),
                        List.of("ssh", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4", "-o", "ConnectTimeout=60",
                                "u@h", "list a/b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argv")
    void runsSshWithTheProducersOptionsAndTheChosenCiphers(List<String> options, List<String> expected) {
        RestoreCommand restore = new RestoreCommand();
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(options);
        new picocli.CommandLine(restore).parseArgs(args.toArray(String[]::new));

        assertThat(restore.sshArgs().remoteCommand("list a/b").argv()).isEqualTo(expected);
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-ciphers", "aes128-gcm,-oProxyCommand=x"),
                        "--ssh-ciphers: ssh cipher list is malformed: 'aes128-gcm,-oProxyCommand=x'"),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-ciphers", "AES128"),
                        "--ssh-ciphers: ssh cipher list is malformed: 'AES128'"),
                Arguments.of(List.of("--from-dir", "/d", "--ssh-ciphers", "default"),
                        "--ssh-ciphers and --ssh-stall-timeout need --from-ssh"),
                Arguments.of(List.of("--from-dir", "/d", "--ssh-stall-timeout", "1m"),
                        "--ssh-ciphers and --ssh-stall-timeout need --from-ssh"),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-stall-timeout", "5"),
                        "--ssh-stall-timeout: '5' must be a whole number with a unit"),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-stall-timeout", "500ms"),
                        "--ssh-stall-timeout: '500ms' must be whole seconds"),
                Arguments.of(List.of("--from-ssh", "u@h", "--ssh-stall-timeout", "0s"),
                        "--ssh-stall-timeout: '0s' must be at least 1s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void aBadSshOptionIsAUsageErrorNamingTheOption(List<String> options, String message) {
        List<String> args = new ArrayList<>(List.of("restore"));
        args.addAll(REQUIRED);
        args.addAll(options);
        ConsoleResult result = ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()),
                args.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(message);
    }

    @Test
    void theHelpNamesTheOptionItsDefaultAndWhy() {
        String help = OpsMain.commandLine(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()))
                .getSubcommands().get("restore").getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);

        assertThat(help.replaceAll("\\s+", " ")).contains("--ssh-ciphers=LIST|default",
                "aes128-gcm@openssh.com then chacha20-poly1305@openssh.com", "BACKUP_SSH_CIPHERS", "AES-NI",
                "`default` for ssh's own list");
        assertThat(help.replaceAll("\\s+", " ")).contains("--ssh-stall-timeout=DURATION", "Default: 5m",
                "BACKUP_SSH_STALL_TIMEOUT");
    }
}
