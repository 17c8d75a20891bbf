package org.btrfssendbackup.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sudoers file (ops/deploy/backup-srv/sudoers.btrfs-ingest): visudo accepts it,
 * and through the real sudo the receiver sees sshd's SSH_CLIENT, which its CommandRefused
 * event names (BrokerReceiverEventsTest checks the event from that variable). The sudo case
 * runs in a private mount namespace: the file (its user made {@code nobody}) is bind-mounted
 * as /etc/sudoers.d and a probe standing in for the receiver as /usr/local/sbin, so the
 * machine's own sudo setup is never changed.
 */
class IngestSudoersTest {

    // surefire runs in the module directory (ops/)
    static final Path SUDOERS = Path.of("deploy", "backup-srv", "sudoers.btrfs-ingest");
    static final String SSH_CLIENT = "192.0.2.7 52044 22";

    @TempDir
    Path tmp;

    record Result(int status, String output) {
    }

    @Test
    void visudoAcceptsTheShippedFile() throws Exception {
        SystemTests.assumeTool("visudo");
        Result check = run(List.of("visudo", "-c", "-f", SUDOERS.toAbsolutePath().toString()));
        assertThat(check.status()).as(check.output()).isZero();
        // the control: visudo does refuse a broken copy
        Path broken = tmp.resolve("broken");
        Files.writeString(broken, Files.readString(SUDOERS).replace("env_keep +=", "env_keep +"));
        assertThat(run(List.of("visudo", "-c", "-f", broken.toString())).status()).isNotZero();
    }

    @Test
    void theReceiverSeesTheClientAddressThroughSudo() throws Exception {
        assertThat(throughSudo(Files.readString(SUDOERS))).contains("client=" + SSH_CLIENT + ";");
    }

    @Test
    void withoutEnvKeepSudoDropsTheClientAddress() throws Exception {
        // the control: the seed's one-line file loses the address (the receiver said "from null")
        String seedLine = Files.readAllLines(SUDOERS).stream().filter(line -> line.startsWith("btrfs-ingest ")).findFirst()
                .orElseThrow();
        assertThat(throughSudo(seedLine + "\n")).contains("client=;").contains("sudo_user=nobody");
    }

    /** Runs the probe as {@code nobody} through sudo with {@code sudoers}; returns its output. */
    private String throughSudo(String sudoers) throws Exception {
        SystemTests.assumeRoot();
        SystemTests.assumeTool("sudo");
        SystemTests.assumeTool("unshare");
        SystemTests.assumeTool("setpriv");
        Path sudoersDir = Files.createDirectories(tmp.resolve("sudoers.d"));
        Path file = sudoersDir.resolve("btrfs-ingest");
        Files.writeString(file, sudoers.replaceAll("(?m)^btrfs-ingest ", "nobody "));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        Files.setPosixFilePermissions(sudoersDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sbin = Files.createDirectories(tmp.resolve("sbin"));
        Path probe = sbin.resolve("btrfs-backup-receive");
        Files.writeString(probe, "#!/bin/sh\necho \"client=$SSH_CLIENT; user=$(id -un); sudo_user=$SUDO_USER; arg=$1\"\n");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        String script = "mount --bind '" + sudoersDir + "' /etc/sudoers.d && mount --bind '" + sbin + "' /usr/local/sbin"
                + " && exec setpriv --reuid=nobody --regid=nogroup --clear-groups"
                + " sudo -n /usr/local/sbin/btrfs-backup-receive 'list prod-srv/rootfs'";
        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script);
        builder.environment().put("SSH_CLIENT", SSH_CLIENT);
        Result result = run(builder);
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("user=root;").contains("arg=list prod-srv/rootfs");
        return result.output();
    }

    private static Result run(List<String> argv) throws Exception {
        return run(new ProcessBuilder(argv));
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
