package org.btrfssendbackup.producer.steps;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.Btrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.Systemctl;
import org.btrfssendbackup.producer.upload.SshStreamUploader;
import org.btrfssendbackup.producer.upload.StreamUploader;

/**
 * The outside world of the producer's steps: one port per tool, the clock and this host's name.
 *
 * @param progress where upload progress goes (stderr of an interactive run), empty for none
 */
public record ProducerTools(Btrfs btrfs, Systemctl systemctl, StreamUploader uploader, PassphraseSource passphrase,
                            Clock clock, String host, Optional<PrintStream> progress) {

    public ProducerTools {
        Objects.requireNonNull(btrfs, "btrfs");
        Objects.requireNonNull(systemctl, "systemctl");
        Objects.requireNonNull(uploader, "uploader");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(progress, "progress");
    }

    /** The real tools: btrfs-progs, systemctl and ssh through {@code runner}; the passphrase from PASSPHRASE_FILE. */
    public static ProducerTools production(ProducerConfig config, ProcessRunner runner, String host) {
        SshArgs ssh = SshArgs.to(config.sshTarget());
        if (config.sshPort().isPresent()) {
            ssh = ssh.withPort(config.sshPort().getAsInt());
        }
        if (config.sshIdentityFile().isPresent()) {
            ssh = ssh.withIdentityFile(config.sshIdentityFile().get());
        }
        if (config.sshKnownHosts().isPresent()) {
            ssh = ssh.withKnownHostsFile(config.sshKnownHosts().get());
        }
        var passphraseFile = config.passphraseFile().orElseThrow(
                () -> new IllegalArgumentException("encrypted-stream mode needs PASSPHRASE_FILE"));
        return new ProducerTools(new CliBtrfs(runner), new CliSystemctl(runner), new SshStreamUploader(runner, ssh),
                () -> Passphrase.fromFile(passphraseFile), Clock.systemUTC(), host, Optional.empty());
    }

    public ProducerTools withProgress(PrintStream console) {
        return new ProducerTools(btrfs, systemctl, uploader, passphrase, clock, host, Optional.of(console));
    }

    public ProducerTools withUploader(StreamUploader other) {
        return new ProducerTools(btrfs, systemctl, other, passphrase, clock, host, progress);
    }

    public ProducerTools withClock(Clock other) {
        return new ProducerTools(btrfs, systemctl, uploader, passphrase, other, host, progress);
    }
}
