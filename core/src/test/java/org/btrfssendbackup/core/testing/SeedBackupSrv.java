package org.btrfssendbackup.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.tools.CryptsetupArgs;

/**
 * backup-srv in a {@link BackupSrvVm}, set up as the seed README's "Setup on backup-srv" and
 * "Optional remote-btrfs LUKS setup" say: a LUKS volume with a btrfs and a received directory on
 * the VM's first disk, /etc/default/btrfs-backup-receive, the btrfs-ingest user, the sudo rule,
 * and the receiver installed as {@value #RECEIVER}. The receiver runs on the host's JDK and build
 * output, which the VM sees at the same paths; the caller picks the main class and class path.
 */
public final class SeedBackupSrv {

    public static final String MAPPING = "btrfs_backup";
    public static final String MOUNT = "/mnt/btrfs-backup";
    public static final String RECEIVED = MOUNT + "/received";
    public static final String RECEIVER = "/usr/local/sbin/btrfs-backup-receive";

    private SeedBackupSrv() {
    }

    /** A LUKS key file's content as the seed makes one: 64 random bytes, base64 in lines of 64. */
    public static byte[] newLuksKey() {
        byte[] random = new byte[64];
        new SecureRandom().nextBytes(random);
        return (Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(random) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Installs the receiver ({@code mainClass} on {@code hostClassPath}) and sets backup-srv up
     * with {@code luksKey} and receiver retention KEEP_DAILY={@code keepDaily}.
     */
    public static void setUp(BackupSrvVm vm, String mainClass, List<String> hostClassPath, byte[] luksKey,
                             int keepDaily) throws IOException {
        Path wrapper = vm.vmDir().resolve("btrfs-backup-receive");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, String.join("\n",
                "#!/bin/sh",
                "umask 077",
                // C1 only: the receiver is a short-lived process on an emulated CPU
                "exec " + java + " -Xmx96m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dbtrfs.log.level=WARN -cp "
                        + vm.classPathInVm(hostClassPath) + " " + mainClass + " \"$@\"",
                ""));
        // the LUKS volume (cheap KDF: an emulated CPU)
        ok(vm, "cat > /root/prod-srv-luks-key", luksKey);
        ok(vm, CryptsetupArgs.luksFormatWithCheapKdf(BackupSrvVm.diskInVm(0)) + " < /root/prod-srv-luks-key", null);
        ok(vm, "cryptsetup luksOpen " + BackupSrvVm.diskInVm(0) + " " + MAPPING + " --key-file /root/prod-srv-luks-key"
                + " && mkfs.btrfs -q /dev/mapper/" + MAPPING + " && install -d -m 0750 " + MOUNT
                + " && mount /dev/mapper/" + MAPPING + " " + MOUNT + " && install -d -m 0750 " + RECEIVED
                + " && umount " + MOUNT + " && cryptsetup luksClose " + MAPPING + " && rm /root/prod-srv-luks-key", null);
        ok(vm, "cat > /etc/default/btrfs-backup-receive", String.join("\n", "LUKS_DEVICE=" + BackupSrvVm.diskInVm(0),
                "LUKS_NAME=" + MAPPING, "LUKS_MOUNT=" + MOUNT, "RECEIVED_ROOT=" + RECEIVED,
                "BACKUP_ROOT=/var/lib/btrfs-send-backups", "KEEP_DAILY=" + keepDaily, "KEEP_WEEKLY=0", "KEEP_MONTHLY=0", "")
                .getBytes(StandardCharsets.US_ASCII));
        // the ingest user, the sudo rule and the forced command
        ok(vm, "adduser --quiet --system --group --home /var/lib/btrfs-ingest --shell /bin/sh btrfs-ingest"
                + " && passwd -l btrfs-ingest >/dev/null && mkdir -p /usr/local/sbin"
                + " && install -m 0755 -o root -g root " + vm.inVm(wrapper) + " " + RECEIVER
                + " && mkdir -p /etc/sudoers.d && echo 'btrfs-ingest ALL=(root) NOPASSWD: " + RECEIVER + "'"
                + " > /etc/sudoers.d/btrfs-ingest && chmod 0440 /etc/sudoers.d/btrfs-ingest", null);
    }

    /**
     * prod-srv's key, made at {@code privateKey} (ed25519, no passphrase) and authorized for
     * btrfs-ingest with the seed's forced command line.
     */
    public static Path authorizeIngestKey(BackupSrvVm vm, Path privateKey) throws IOException, InterruptedException {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "prod-srv-btrfs-backup",
                "-f", privateKey.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen for prod-srv's key failed: " + output);
        }
        vm.authorizeKeys("btrfs-ingest", "command=\"sudo " + RECEIVER + " \\\"$SSH_ORIGINAL_COMMAND\\\"\",restrict "
                + Files.readString(Path.of(privateKey + ".pub")).strip());
        return privateKey;
    }

    private static void ok(BackupSrvVm vm, String command, byte[] stdin) {
        CommandResult result = stdin == null ? vm.runAsRoot(command) : vm.runAsRoot(command, stdin);
        if (result.exitStatus() != 0) {
            throw new IllegalStateException("setting up backup-srv: '" + command + "' in the VM exited "
                    + result.exitStatus() + ": " + result.stderrTail());
        }
    }
}
