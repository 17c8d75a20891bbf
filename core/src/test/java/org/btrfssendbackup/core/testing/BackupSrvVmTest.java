package org.btrfssendbackup.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.tools.CryptsetupArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the backup-srv VM is real: device-mapper and dm-crypt work in it (they do not on
 * this machine's kernel), on the disk image handed to it, with the host's own cryptsetup,
 * btrfs-progs and JDK. One VM serves the whole class (booting costs tens of seconds); each
 * test formats the disk itself, so the tests do not depend on their order.
 */
class BackupSrvVmTest {

    private static final Path DISK = BackupSrvVm.diskInVm(0);
    private static final String MAPPING = "vmtest_backup";
    private static final byte[] KEY = "key of the backup-srv VM test\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    private static BackupSrvVm vm;
    private static Instant classStarted;

    @BeforeAll
    static void boot() throws IOException, InterruptedException {
        classStarted = Instant.now();
        Path disk = dir.resolve("backup-disk.img");
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(256L << 20); // sparse; LUKS2 header 16 MiB, btrfs wants ~110 MiB
        }
        vm = BackupSrvVm.start(dir.resolve("vm"), disk);
        System.out.println("backup-srv VM: sshd answered " + seconds(vm.bootTime()) + " after QEMU started");
    }

    @AfterAll
    static void shutDown() throws InterruptedException {
        if (vm != null) {
            vm.close();
        }
        System.out.println("backup-srv VM: test class took " + seconds(Duration.between(classStarted, Instant.now())));
    }

    @Test
    void dmCryptOpensTheVirtioDiskAndBtrfsWorksInsideIt() {
        assertThat(ok("cat /proc/misc")).contains("device-mapper");
        format();

        assertThat(root(CryptsetupArgs.open(DISK, MAPPING).toString(), KEY.clone()).exitStatus()).isZero();
        try {
            ok("mkfs.btrfs -f -q /dev/mapper/" + MAPPING);
            ok("mkdir -p /mnt/btrfs-backup && mount /dev/mapper/" + MAPPING + " /mnt/btrfs-backup");
            ok("btrfs subvolume create /mnt/btrfs-backup/received");
            ok("echo stored-inside-luks > /mnt/btrfs-backup/received/file && sync");
            assertThat(ok("btrfs subvolume list /mnt/btrfs-backup")).contains("path received");
            assertThat(ok("cat /mnt/btrfs-backup/received/file")).isEqualTo("stored-inside-luks\n");
        } finally {
            root("umount /mnt/btrfs-backup");
            root(CryptsetupArgs.close(MAPPING).toString());
        }
        assertThat(root(CryptsetupArgs.status(MAPPING).toString()).exitStatus())
                .isEqualTo(CryptsetupArgs.NO_SUCH_DEVICE);

        // The data survives close and reopen: it really went through dm-crypt onto the disk.
        assertThat(root(CryptsetupArgs.open(DISK, MAPPING).toString(), KEY.clone()).exitStatus()).isZero();
        try {
            ok("mount -o ro /dev/mapper/" + MAPPING + " /mnt/btrfs-backup");
            assertThat(ok("cat /mnt/btrfs-backup/received/file")).isEqualTo("stored-inside-luks\n");
        } finally {
            root("umount /mnt/btrfs-backup");
            root(CryptsetupArgs.close(MAPPING).toString());
        }
    }

    @Test
    void aWrongKeyIsRefusedAndLeavesNothingOpen() {
        format();
        byte[] wrongKey = "not the key\n".getBytes(StandardCharsets.US_ASCII);

        CommandResult refused = root(CryptsetupArgs.open(DISK, MAPPING).toString(), wrongKey);

        assertThat(refused.exitStatus()).isEqualTo(CryptsetupArgs.WRONG_KEY);
        assertThat(refused.stderrTail()).contains("No key available");
        assertThat(ok("ls /dev/mapper")).doesNotContain(MAPPING);
        assertThat(root(CryptsetupArgs.testKey(DISK).toString(), KEY.clone()).exitStatus()).isZero();
    }

    @Test
    void theHostsJdkRunsInside() {
        String javaHome = System.getProperty("java.home");

        CommandResult version = root(javaHome + "/bin/java -version");

        assertThat(version.exitStatus()).isZero();
        assertThat(version.stderrTail()).contains("\"" + System.getProperty("java.version") + "\"");
    }

    @Test
    void writesStayInTheVmExceptInItsSharedDirectory() throws IOException {
        ok("mkdir -p /usr/local/sbin && echo vm-only > /usr/local/sbin/backup-srv-vm-probe");
        ok("echo from-the-vm > /vm/probe");

        assertThat(Files.exists(Path.of("/usr/local/sbin/backup-srv-vm-probe"))).isFalse();
        assertThat(Files.readString(vm.vmDir().resolve("probe"))).isEqualTo("from-the-vm\n");
        // and the VM runs its own kernel, not this machine's
        assertThat(ok("cat /proc/sys/kernel/osrelease"))
                .isNotEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")));
    }

    @Test
    void aForcedCommandKeyOfAUserCreatedInTheVmRunsOnlyItsCommand() throws IOException, InterruptedException {
        // as the seed sets up backup-srv: a system user with a locked password
        ok("id btrfs-ingest || { adduser --quiet --system --group --home /var/lib/btrfs-ingest --shell /bin/sh"
                + " btrfs-ingest && passwd -l btrfs-ingest; }");
        Path key = dir.resolve("ingest_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        // the seed's line, with a stand-in for "sudo /usr/local/sbin/btrfs-backup-receive"
        vm.authorizeKeys("btrfs-ingest", "command=\"echo run as $(id -un): $SSH_ORIGINAL_COMMAND\",restrict "
                + Files.readString(dir.resolve("ingest_ed25519.pub")).strip());

        CommandResult forced = new LocalProcessRunner().run(
                CommandLine.of(vm.sshCommand("btrfs-ingest", key, "rm -rf /mnt")).acceptingExitStatus(1, 255));

        assertThat(forced.exitStatus()).as(forced.stderrTail()).isZero();
        assertThat(forced.stdoutText()).isEqualTo("run as btrfs-ingest: rm -rf /mnt\n");
    }

    @Test
    void aBootThatTimesOutFailsWithTheBootLogAndLeavesNoQemuRunning() {
        Path vmDir = dir.resolve("vm-that-times-out");

        assertThatThrownBy(() -> BackupSrvVm.start(vmDir, List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer")
                .hasMessageContaining("boot log " + vmDir.resolve("boot.log"));
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(vmDir.toString()))
                .filter(ProcessHandle::isAlive)
                .toList()).isEmpty();
    }

    private static void format() {
        CommandResult formatted = root(CryptsetupArgs.luksFormatWithCheapKdf(DISK).toString(), KEY.clone());
        assertThat(formatted.exitStatus()).as("luksFormat: %s", formatted.stderrTail()).isZero();
    }

    /** Runs as root in the VM and returns stdout; any other exit status than 0 fails the test. */
    private static String ok(String command) {
        CommandResult result = root(command);
        assertThat(result.exitStatus()).as("'%s' in the VM: %s", command, result.stderrTail()).isZero();
        return result.stdoutText();
    }

    private static CommandResult root(String command) {
        return vm.runAsRoot(command);
    }

    private static CommandResult root(String command, byte[] stdin) {
        return vm.runAsRoot(command, stdin);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
