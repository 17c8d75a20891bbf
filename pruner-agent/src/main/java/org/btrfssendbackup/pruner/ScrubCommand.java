package org.btrfssendbackup.pruner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.ConnectionFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.metrics.AlertCommand;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.LocalHostName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btrfs-backup-prune scrub}: one scrub pass, for cron (the service runs one before each daily prune). */
@Command(name = "scrub", description = {
            "Re-reads the stored streams that are due and checks them against their manifests.",
            "Compares size and sha256 with the manifests, so a damaged stream is found while",
            "an intact older copy still exists. Checks the streams not checked within",
            "SCRUB_PASS_DAYS (default 30), the longest-unchecked first, up to SCRUB_MAX_BYTES",
            "(default 50G; one stream is always checked). Results are kept per stream under",
            "BACKUP_ROOT/.integrity/ and used by the pruner: a damaged stream's chain is",
            "never counted as a restore point and is never deleted automatically. Settings",
            "come from the config file.",
            "With ALERT_COMMAND set, runs it when a set turns CORRUPT (a stream failed its",
            "last check) and when it recovers, as the producer does for its verdicts.",
            ""},
        exitCodeList = {
            "0:every stream checked was intact",
            "1:failed (I/O error listing the store, unknown set)",
            "2:usage or configuration error",
            "4:damaged streams found (each named on stderr, with the restore points it takes down)"})
final class ScrubCommand extends PrunerSubcommand {

    @Option(names = "--set", paramLabel = "SET", description = "Scrub only this set (default: every set under BACKUP_ROOT).")
    String set;

    @Option(names = "--max-bytes", paramLabel = "BYTES", description = "This pass's byte budget instead of SCRUB_MAX_BYTES, in its syntax (500M, 50G or bytes).")
    String maxBytes;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = err();
        Path file = configFile();
        ReceiverConfig receiverConfig;
        ScrubSettings settings;
        Optional<BackupSetName> only;
        try {
            receiverConfig = BackupSrvConfig.load(file);
            ScrubSettings configured = receiverConfig.scrub();
            settings = maxBytes == null ? configured
                    : new ScrubSettings(maxBytes(maxBytes), configured.passDays(), configured.checkMaxAge());
            only = Optional.ofNullable(set).map(BackupSetName::of);
        } catch (RuntimeException e) {
            err.println("btrfs-backup-prune scrub: configuration: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ScrubResult result;
        try {
            result = new Scrubber(new StoreLayout(receiverConfig.backupRoot()), settings, Clock.systemUTC()).scrub(only);
        } catch (Exception e) {
            err.println("btrfs-backup-prune scrub: failed under " + receiverConfig.backupRoot() + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        Optional<ConnectionFactory> broker;
        try {
            broker = BackupSrvConfig.broker(receiverConfig);
        } catch (RuntimeException e) {
            err.println("btrfs-backup-prune scrub: warning: no events will be published: " + e.getMessage());
            broker = Optional.empty();
        }
        broker.ifPresent(factory -> new BrokerEventSink(factory).publish(result.events(LocalHostName.get())));
        result.corrupt().forEach(c -> err.println("btrfs-backup-prune scrub: DAMAGED: " + c.describe()));
        new CorruptAlert(new StoreLayout(receiverConfig.backupRoot()),
                new AlertCommand(receiverConfig.monitor().alertCommand(), new LocalProcessRunner()), LocalHostName.get(),
                Clock.systemUTC(), w -> err.println("btrfs-backup-prune scrub: warning: " + w)).check(only);
        if (json) {
            ObjectNode root = JsonFormats.line().createObjectNode();
            root.put("checked", result.checked()).put("bytesRead", result.bytesRead())
                    .put("dueRemaining", result.dueRemaining()).put("durationMillis", result.duration().toMillis());
            ArrayNode corrupt = root.putArray("corrupt");
            result.corrupt().forEach(c -> {
                ObjectNode item = corrupt.addObject().put("set", c.set().value()).put("file", c.file().value())
                        .put("problem", c.problem());
                c.unrestorable().forEach(item.putArray("unrestorable")::add);
            });
            out.println(root);
        } else {
            out.println("scrub: " + result.checked() + " streams checked, " + result.bytesRead() + " bytes read, "
                    + result.corrupt().size() + " damaged, " + result.dueRemaining() + " still due");
        }
        return result.corrupt().isEmpty() ? ExitCodes.OK : PruneExitCodes.DAMAGED;
    }

    private static long maxBytes(String text) {
        try {
            return ScrubSettings.parseMaxBytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-bytes '" + text + "': " + e.getMessage(), e);
        }
    }
}
