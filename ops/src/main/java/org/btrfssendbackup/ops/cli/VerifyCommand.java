package org.btrfssendbackup.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.ops.verify.StoreVerifier;
import org.btrfssendbackup.ops.verify.VerifyReport;
import org.btrfssendbackup.ops.verify.VerifySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops verify}: checks the store on backup-srv, without the passphrase unless given. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Checks the stored backups on backup-srv, without the passphrase unless given.",
            "Without the passphrase it checks size and sha256 of every stream file against",
            "its manifest, a manifest for every stream file and a stream file for every",
            "manifest, complete chains (orphans are named), and every temporary upload file:",
            "one of an interrupted upload when no upload holds the set's lock, one of a hung",
            "upload when its lock is held but it is older than --stale-after-hours, else an",
            "upload in progress (a note).",
            "With --passphrase-file it also decrypts every stream and parses it with",
            "`btrfs receive --dump` (nothing is written)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all checked sets are good", "1:a problem was found (or the store cannot be read)",
            "2:usage error"})
public final class VerifyCommand extends ConsoleCommand {

    @Option(names = "--backup-root", paramLabel = "DIR", defaultValue = "/mnt/sdb1/btrfs-send-backups",
            description = "BACKUP_ROOT (default: ${DEFAULT-VALUE})")
    Path backupRoot;

    @Option(names = "--set", paramLabel = "SET", description = "only this set (default: every set found)")
    String set;

    @Option(names = PASSPHRASE_OPTION, paramLabel = "FILE", description = "also decrypt and parse every stream")
    Path passphraseFile;

    @Option(names = "--stale-after-hours", paramLabel = "HOURS", defaultValue = "24",
            description = "under a held set lock, temporary upload files older than this are reported as hung"
                    + " (default: ${DEFAULT-VALUE})")
    long staleAfterHours;

    /** The option's one name, for picocli and for {@link #onlyHashes}. */
    static final String PASSPHRASE_OPTION = "--passphrase-file";

    /**
     * True when the arguments give no passphrase file: verify then decrypts nothing, it only hashes
     * (and needs no process runner). Read before picocli parses, so it errs towards decrypting.
     */
    static boolean onlyHashes(String... args) {
        for (String arg : args) {
            if (arg.startsWith(PASSPHRASE_OPTION)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Integer call() {
        Optional<BackupSetName> only = Optional.ofNullable(set).map(this::setName);
        if (staleAfterHours < 0) {
            throw usage("--stale-after-hours must not be negative");
        }
        Optional<Passphrase> passphrase = Optional.empty();
        try {
            if (passphraseFile != null) {
                passphrase = Optional.of(Passphrase.fromFile(passphraseFile.toAbsolutePath()));
            }
            Duration staleAfter = Duration.ofHours(staleAfterHours);
            // a runner (and with it the logging set-up, 0.1 s of a cold JVM) only to parse streams
            StoreVerifier verifier = passphrase.isPresent()
                    ? new StoreVerifier(new LocalProcessRunner(), passphrase, staleAfter, Clock.systemUTC())
                    : StoreVerifier.withoutPassphrase(staleAfter, Clock.systemUTC());
            VerifyReport report = verifier.verify(backupRoot.toAbsolutePath(), only);
            if (json()) {
                out().println(VerifySummary.json(report));
            } else {
                VerifySummary.lines(report).forEach(out()::println);
            }
            return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            err().println("verify: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            passphrase.ifPresent(Passphrase::close);
        }
    }
}
