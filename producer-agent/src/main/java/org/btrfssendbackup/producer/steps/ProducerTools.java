package org.btrfssendbackup.producer.steps;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.Systemctl;
import org.btrfssendbackup.producer.remote.RemoteBtrfsTransport;
import org.btrfssendbackup.producer.remote.SshRemoteBtrfs;
import org.btrfssendbackup.producer.upload.SshStreamUploader;
import org.btrfssendbackup.producer.upload.StreamUploader;

/**
 * The outside world of the producer's steps: one port per tool, the clock and this host's name.
 *
 * @param progress    where upload progress goes (stderr of an interactive run), empty for none
 * @param remoteBtrfs the remote-btrfs commands (BACKUP_MODE=remote-btrfs), empty in encrypted-stream mode
 */
public record ProducerTools(Btrfs btrfs, Systemctl systemctl, StreamUploader uploader, PassphraseSource passphrase,
                            Clock clock, String host, Optional<PrintStream> progress,
                            Optional<RemoteBtrfsTransport> remoteBtrfs) {

    public ProducerTools {
        Objects.requireNonNull(btrfs, "btrfs");
        Objects.requireNonNull(systemctl, "systemctl");
        Objects.requireNonNull(uploader, "uploader");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(remoteBtrfs, "remoteBtrfs");
    }

    /** Encrypted-stream tools (no remote-btrfs transport). */
    public ProducerTools(Btrfs btrfs, Systemctl systemctl, StreamUploader uploader, PassphraseSource passphrase,
                         Clock clock, String host, Optional<PrintStream> progress) {
        this(btrfs, systemctl, uploader, passphrase, clock, host, progress, Optional.empty());
    }

    /**
     * The real tools: btrfs-progs, systemctl and ssh through {@code runner}; the passphrase from
     * PASSPHRASE_FILE (encrypted-stream), the remote-btrfs commands over the same ssh (remote-btrfs).
     */
    public static ProducerTools production(ProducerConfig config, ProcessRunner runner, String host) {
        // keepalives on every ssh call: a dead link or a frozen backup-srv ends the call within a minute
        SshArgs ssh = SshArgs.toReceiver(config.sshTarget(), config.sshPort(), config.sshIdentityFile(),
                config.sshKnownHosts(), config.sshCiphers(), config.sshTimeouts().keepalive());
        PassphraseSource passphrase = config.passphraseFile()
                .<PassphraseSource>map(file -> () -> Passphrase.fromFile(file))
                .orElse(() -> {
                    throw new IllegalStateException("BACKUP_MODE=" + config.mode().token()
                            + " has no PASSPHRASE_FILE: nothing is encrypted on prod-srv in this mode");
                });
        Optional<RemoteBtrfsTransport> remote = config.mode() == BackupMode.REMOTE_BTRFS
                ? Optional.of(new SshRemoteBtrfs(runner, ssh, config.sshTimeouts().stallTimeout())) : Optional.empty();
        return new ProducerTools(new CliBtrfs(runner), new CliSystemctl(runner), new SshStreamUploader(runner, ssh, config.sshTimeouts().stallTimeout()),
                passphrase, Clock.systemUTC(), host, Optional.empty(), remote);
    }

    public ProducerTools withProgress(PrintStream console) {
        return new ProducerTools(btrfs, systemctl, uploader, passphrase, clock, host, Optional.of(console), remoteBtrfs);
    }

    public ProducerTools withUploader(StreamUploader other) {
        return new ProducerTools(btrfs, systemctl, other, passphrase, clock, host, progress, remoteBtrfs);
    }

    public ProducerTools withClock(Clock other) {
        return new ProducerTools(btrfs, systemctl, uploader, passphrase, other, host, progress, remoteBtrfs);
    }

    public ProducerTools withRemoteBtrfs(RemoteBtrfsTransport transport) {
        return new ProducerTools(btrfs, systemctl, uploader, passphrase, clock, host, progress, Optional.of(transport));
    }
}
