package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.btrfssendbackup.core.process.CommandLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every argv builder against the exact command line it must produce. */
class ArgvGoldenTest {

    private static final Path SNAP = Path.of("/mnt/btrfs-root/@backup-snapshots/prod-srv-rootfs-20250101T020500Z");
    private static final Path PARENT = Path.of("/mnt/btrfs-root/@backup-snapshots/prod-srv-rootfs-20241231T020500Z");

    static Stream<Arguments> golden() {
        return Stream.of(
                row(BtrfsArgs.snapshotReadOnly(Path.of("/mnt/btrfs-root/@rootfs"), SNAP),
                        "btrfs subvolume snapshot -r /mnt/btrfs-root/@rootfs " + SNAP),
                row(BtrfsArgs.send(SNAP, Optional.empty()), "btrfs send " + SNAP),
                row(BtrfsArgs.send(SNAP, Optional.of(PARENT)), "btrfs send -p " + PARENT + " " + SNAP),
                row(BtrfsArgs.receive(Path.of("/r/set"), false), "btrfs receive -C /r/set"),
                row(BtrfsArgs.receive(Path.of("/r/set"), true), "btrfs receive -C -e /r/set"),
                row(BtrfsArgs.receiveDump(), "btrfs receive --dump"),
                row(BtrfsArgs.deleteSubvolume(SNAP), "btrfs subvolume delete " + SNAP),
                row(BtrfsArgs.showSubvolume(SNAP), "btrfs subvolume show " + SNAP),
                row(BtrfsArgs.listSubvolumesBelow(Path.of("/s")), "btrfs subvolume list -o /s"),
                row(BtrfsArgs.getReadOnlyProperty(SNAP), "btrfs property get -ts " + SNAP + " ro"),
                row(BtrfsArgs.filesystemSync(Path.of("/mnt")), "btrfs filesystem sync /mnt"),

                row(SshArgs.to("btrfs-ingest@backup-srv").remoteCommand("version"),
                        "ssh -o BatchMode=yes btrfs-ingest@backup-srv version"),
                row(SshArgs.fromSeedValues("btrfs-ingest@backup-srv", "", "").remoteCommand("list prod-srv/rootfs"),
                        "ssh -o BatchMode=yes btrfs-ingest@backup-srv |list prod-srv/rootfs"),
                row(SshArgs.fromSeedValues("u@h", "2222", "/root/.ssh/backup_ed25519").remoteCommand("version"),
                        "ssh -o BatchMode=yes -p 2222 -i /root/.ssh/backup_ed25519 -o IdentitiesOnly=yes u@h version"),
                row(SshArgs.to("u@127.0.0.1").withPort(2022).withKnownHostsFile(Path.of("/t/known_hosts"))
                                .withCipher("aes128-gcm@openssh.com").remoteCommand("put-stream a/b s-20250101T000000Z full"),
                        "ssh -o BatchMode=yes -p 2022 -o UserKnownHostsFile=/t/known_hosts -c aes128-gcm@openssh.com"
                                + " u@127.0.0.1 |put-stream a/b s-20250101T000000Z full"),
                row(SshArgs.fromSeedValues("u@h", "2222", "").withKeepalive(new SshKeepalive(Duration.ofSeconds(15), 4))
                                .remoteCommand("list a/b"),
                        "ssh -o BatchMode=yes -p 2222 -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o ConnectTimeout=60 u@h |list a/b"),
                row(SshArgs.to("u@h").withCipher("aes128-gcm@openssh.com")
                                .withKeepalive(new SshKeepalive(Duration.ofMinutes(1), 1)).remoteCommand("version"),
                        "ssh -o BatchMode=yes -c aes128-gcm@openssh.com -o ServerAliveInterval=60 -o ServerAliveCountMax=1 -o ConnectTimeout=60"
                                + " u@h version"),

                // the producer's and the console restore's one builder: the same options for the same settings
                row(SshArgs.toReceiver("btrfs-ingest@backup-srv", OptionalInt.of(2222), Optional.of(Path.of("/root/.ssh/backup")),
                                Optional.of(Path.of("/etc/btrfs-send-backup/known_hosts")), Optional.of(SshCiphers.DEFAULT),
                                new SshKeepalive(Duration.ofSeconds(15), 4)).remoteCommand("get-stream a/b s-20250101T000000Z.full.btrfs.gpg"),
                        "ssh -o BatchMode=yes -p 2222 -i /root/.ssh/backup -o IdentitiesOnly=yes"
                                + " -o UserKnownHostsFile=/etc/btrfs-send-backup/known_hosts"
                                + " -c aes128-gcm@openssh.com,chacha20-poly1305@openssh.com"
                                + " -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o ConnectTimeout=60"
                                + " btrfs-ingest@backup-srv |get-stream a/b s-20250101T000000Z.full.btrfs.gpg"),
                row(SshArgs.toReceiver("u@h", OptionalInt.empty(), Optional.empty(), Optional.empty(), SshCiphers.parse("default"),
                                new SshKeepalive(Duration.ofSeconds(15), 4)).remoteCommand("list a/b"),
                        "ssh -o BatchMode=yes -o ServerAliveInterval=15 -o ServerAliveCountMax=4 -o ConnectTimeout=60 u@h |list a/b"),

                row(SystemctlArgs.stop(List.of("nginx", "php8.2-fpm", "mysql")), "systemctl stop nginx php8.2-fpm mysql"),
                row(SystemctlArgs.start(List.of("nginx", "redis-server")), "systemctl start nginx redis-server"),
                row(SystemctlArgs.isActive(List.of("postgresql@15-main.service")),
                        "systemctl is-active postgresql@15-main.service"),
                row(SystemctlArgs.loadState("mysql"), "systemctl show --property=LoadState --value mysql"),
                row(SystemctlArgs.stopTimer("btrfs-send-backup-resume-r1-1772330700.timer"),
                        "systemctl stop btrfs-send-backup-resume-r1-1772330700.timer"),
                row(SystemdRunArgs.resumeTimer("btrfs-send-backup-resume-r1-1772330700", java.time.Duration.ofMinutes(10),
                                List.of("nginx", "postgresql@15-main.service")),
                        List.of("systemd-run", "--unit=btrfs-send-backup-resume-r1-1772330700", "--on-active=600s",
                                "--timer-property=AccuracySec=1s", "--collect",
                                "--description=btrfs-send-backup: start quiesced services if the backup did not",
                                "systemctl", "start", "nginx", "postgresql@15-main.service")),

                row(CryptsetupArgs.open(Path.of("/dev/sdb1"), "btrfs_backup"),
                        "cryptsetup open --type luks --key-file=- /dev/sdb1 btrfs_backup"),
                row(CryptsetupArgs.close("btrfs_backup"), "cryptsetup close btrfs_backup"),
                row(CryptsetupArgs.luksFormat(Path.of("/dev/sdb1")), "cryptsetup luksFormat --batch-mode --key-file=- /dev/sdb1"),
                row(CryptsetupArgs.luksFormatWithCheapKdf(Path.of("/t/luks.img")),
                        "cryptsetup luksFormat --batch-mode --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file=- /t/luks.img"),
                row(CryptsetupArgs.testKey(Path.of("/dev/sdb1")),
                        "cryptsetup open --test-passphrase --key-file=- /dev/sdb1"),
                row(CryptsetupArgs.status("btrfs_backup"), "cryptsetup status btrfs_backup"),

                row(MountArgs.mount(Path.of("/dev/mapper/btrfs_backup"), Path.of("/mnt/btrfs-backup")),
                        "mount /dev/mapper/btrfs_backup /mnt/btrfs-backup"),
                row(MountArgs.umount(Path.of("/mnt/btrfs-backup")), "umount /mnt/btrfs-backup"),
                row(MountArgs.umountLazy(Path.of("/mnt/btrfs-backup")), "umount -l /mnt/btrfs-backup"),
                row(MountArgs.isMountPoint(Path.of("/mnt/btrfs-backup")), "mountpoint -q /mnt/btrfs-backup"),

                row(GpgArgs.decryptWithPassphraseOnStdin(Path.of("/b/s.full.btrfs.gpg")),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-fd 0 --decrypt /b/s.full.btrfs.gpg"),
                row(GpgArgs.decryptWithPassphraseFile(Path.of("/root/p"), Optional.of(Path.of("/b/f.gpg"))),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-file /root/p --decrypt /b/f.gpg"),
                row(GpgArgs.decryptWithPassphraseFile(Path.of("/root/p"), Optional.empty()),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-file /root/p --decrypt"),
                row(GpgArgs.encryptSymmetric(Path.of("/root/p"), GpgArgs.SymmetricOptions.defaults()),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-file /root/p --symmetric"),
                row(GpgArgs.encryptSymmetric(Path.of("/root/p"), GpgArgs.SymmetricOptions.aes256Uncompressed()),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-file /root/p --symmetric"
                                + " --cipher-algo AES256 --compress-algo none"),
                row(GpgArgs.encryptSymmetricWithPassphraseOnStdin(Path.of("/d/plain"),
                                GpgArgs.SymmetricOptions.aes256Uncompressed()),
                        "gpg --batch --pinentry-mode loopback --no-symkey-cache --passphrase-fd 0 --symmetric"
                                + " --cipher-algo AES256 --compress-algo none --output - /d/plain"));
    }

    private static Arguments row(CommandLine actual, List<String> expected) {
        return Arguments.of(actual, expected);
    }

    /** Expected argv separated by spaces; '|' starts the last argument, which may contain spaces. */
    private static Arguments row(CommandLine actual, String expected) {
        int bar = expected.indexOf('|');
        List<String> argv = new java.util.ArrayList<>(List.of(
                (bar < 0 ? expected : expected.substring(0, bar)).trim().split(" ")));
        if (bar >= 0) {
            argv.add(expected.substring(bar + 1));
        }
        return Arguments.of(actual, argv);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("golden")
    void producesExactArgv(CommandLine actual, List<String> expected) {
        assertThat(actual.argv()).isEqualTo(expected);
    }
}
