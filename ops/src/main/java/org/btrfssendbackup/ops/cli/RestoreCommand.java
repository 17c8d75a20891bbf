package org.btrfssendbackup.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.config.SshTimeouts;
import org.btrfssendbackup.core.tools.SshArgs;
import org.btrfssendbackup.core.tools.SshCiphers;
import org.btrfssendbackup.ops.restore.DirectorySource;
import org.btrfssendbackup.ops.restore.RestoreException;
import org.btrfssendbackup.ops.restore.RestoreReporter;
import org.btrfssendbackup.ops.restore.RestoreResult;
import org.btrfssendbackup.ops.restore.RestoreSummary;
import org.btrfssendbackup.ops.restore.Restorer;
import org.btrfssendbackup.ops.restore.SshSource;
import org.btrfssendbackup.ops.restore.StreamSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops restore}: one snapshot of a backup set into a directory on btrfs. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {
            "Restores one snapshot of a backup set into a directory on btrfs.",
            "Plans the chain (full, then each incremental) from the manifests, checks",
            "every stored file against its manifest's size and sha256, decrypts,",
            "decompresses and `btrfs receive`s each link into --target in order.",
            "Links already received into --target are skipped, so an interrupted",
            "restore resumes. From --from-dir every file's presence and size are",
            "checked before anything is received; every file is hashed on the way, and",
            "a link whose hash or OpenPGP integrity check fails at the end is deleted",
            "from the target again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored (the last line of output is the restored snapshot's path)",
            "1:restore failed (missing link, bad checksum, wrong passphrase, truncated file, btrfs error ...)",
            "2:usage error"})
public final class RestoreCommand extends ConsoleCommand {

    static final class Source {
        @Option(names = "--from-dir", paramLabel = "DIR", description = "a directory with one set's copied stream files and manifests")
        Path fromDir;

        @Option(names = "--from-ssh", paramLabel = "[USER@]HOST", description = "backup-srv, through its restricted receiver key (needs --set)")
        String fromSsh;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--set", paramLabel = "SET", description = "the backup set, e.g. prod-srv/rootfs (--from-dir: only needed for seed manifests)")
    String set;

    @Option(names = "--snapshot", paramLabel = "NAME", description = "the snapshot to restore (default: the newest stored)")
    String snapshot;

    @Option(names = "--passphrase-file", paramLabel = "FILE", required = true, description = "the stream passphrase (first line, as gpg --passphrase-file)")
    Path passphraseFile;

    @Option(names = "--target", paramLabel = "DIR", required = true, description = "an existing directory on btrfs; snapshots appear in it by name")
    Path target;

    @Option(names = "--ssh-port", paramLabel = "PORT", description = "ssh port (default: ssh's own)")
    Integer sshPort;

    @Option(names = "--ssh-identity", paramLabel = "FILE", description = "ssh private key (the producer's backup key)")
    Path sshIdentity;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file to check backup-srv's host key against")
    Path knownHosts;

    @Option(names = "--ssh-ciphers", paramLabel = "LIST|default", description =
        "ssh's cipher list towards backup-srv: cipher names joined by commas, or `default` for ssh's own list"
            + " (as BACKUP_SSH_CIPHERS in the producer's config). Default: the producer's, aes128-gcm@openssh.com"
            + " then chacha20-poly1305@openssh.com: AES-GCM runs on AES-NI, several times cheaper per byte than"
            + " ssh's own chacha20-poly1305, for ssh here and sshd on backup-srv.")
    String sshCiphers;

    @Option(names = SshSource.STALL_TIMEOUT_OPTION, paramLabel = "DURATION", description =
        "how long one read from ssh may wait for a byte before ssh is ended and the restore fails (a receiver"
            + " that is alive but stuck, or a link that stays open and delivers nothing; ssh's keepalives end a"
            + " dead one). Default: 5m, as BACKUP_SSH_STALL_TIMEOUT in the producer's config; e.g. 90s, 30m.")
    String sshStallTimeout;

    @Option(names = "--no-progress", description = "no progress line on stderr (it is shown only on a terminal anyway)")
    boolean noProgress;

    @Override
    public Integer call() {
        ProcessRunner runner = new LocalProcessRunner();
        // the source first: a usage error stops before the passphrase file is read, as before
        try (StreamSource streams = source(runner);
             Passphrase passphrase = Passphrase.fromFile(passphraseFile.toAbsolutePath())) {
            boolean interactive = System.console() != null && !noProgress && !json();
            RestoreResult result = new Restorer(new CliBtrfs(runner), RestoreReporter.to(err(), interactive))
                    .restore(streams, Optional.ofNullable(snapshot), passphrase, target);
            if (json()) {
                out().println(RestoreSummary.json(result));
            } else {
                RestoreSummary.lines(result).forEach(out()::println);
            }
            return ExitCodes.OK;
        } catch (RestoreException | IOException e) {
            String message = e.getMessage() + cipherHint(e);
            err().println("restore: " + message);
            if (json()) {
                out().println(RestoreSummary.failureJson(message));
            }
            return ExitCodes.FAILED;
        }
    }

    /**
     * When backup-srv's sshd accepted none of the ciphers ssh offered, which option chose them and
     * what the server offers instead; else nothing.
     */
    private String cipherHint(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProcessFailedException ssh) {
                Optional<String> offer = SshCiphers.refusedWithOffer(ssh.stderrTail());
                if (offer.isPresent()) {
                    return "; backup-srv's sshd accepts none of --ssh-ciphers " + cipherOption() + " (it offers "
                            + offer.get() + "): name one of those with --ssh-ciphers, or --ssh-ciphers default for"
                            + " ssh's own list";
                }
            }
        }
        return "";
    }

    /** --ssh-ciphers as given, else its default (the producer's BACKUP_SSH_CIPHERS default). */
    private String cipherOption() {
        return sshCiphers == null ? SshCiphers.DEFAULT : sshCiphers;
    }

    /**
     * The restore's ssh (--from-ssh and the --ssh-* options): the producer's one builder, with the
     * producer's default keepalives (a dead link or frozen backup-srv ends the restore with an
     * error after about a minute instead of hanging it) and its default ciphers, so a restore runs
     * ssh as a backup with the same settings does. A bad value is a usage error naming its option.
     */
    SshArgs sshArgs() {
        Optional<String> ciphers;
        try {
            ciphers = SshCiphers.parse(cipherOption());
        } catch (IllegalArgumentException e) {
            throw usage("--ssh-ciphers: " + e.getMessage());
        }
        try {
            return SshArgs.toReceiver(source.fromSsh, sshPort == null ? OptionalInt.empty() : OptionalInt.of(sshPort),
                    Optional.ofNullable(sshIdentity).map(Path::toAbsolutePath),
                    Optional.ofNullable(knownHosts).map(Path::toAbsolutePath), ciphers, SshTimeouts.defaults().keepalive());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private StreamSource source(ProcessRunner runner) {
        Optional<BackupSetName> setName = Optional.ofNullable(set).map(this::setName);
        if (source.fromDir != null) {
            if (sshPort != null || sshIdentity != null || knownHosts != null || sshCiphers != null
                    || sshStallTimeout != null) {
                throw usage("--ssh-port, --ssh-identity, --known-hosts, --ssh-ciphers and " + SshSource.STALL_TIMEOUT_OPTION
                        + " need --from-ssh");
            }
            return new DirectorySource(source.fromDir, setName);
        }
        BackupSetName required = setName.orElseThrow(
                () -> usage("--from-ssh needs --set SET"));
        return new SshSource(sshArgs(), required, runner, stallTimeout());
    }

    /** --ssh-stall-timeout in BACKUP_SSH_STALL_TIMEOUT's grammar; else the default. */
    private Duration stallTimeout() {
        if (sshStallTimeout == null) {
            return SshSource.DEFAULT_STALL_TIMEOUT;
        }
        try {
            return SshTimeouts.positiveDuration(sshStallTimeout);
        } catch (IllegalArgumentException e) {
            throw usage(SshSource.STALL_TIMEOUT_OPTION + ": '" + sshStallTimeout + "' " + e.getMessage());
        }
    }
}
