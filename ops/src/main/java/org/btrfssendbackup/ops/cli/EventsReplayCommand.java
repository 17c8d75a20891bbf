package org.btrfssendbackup.ops.cli;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.Replay;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.EventLine;

/**
 * {@code events replay}: history older than the audit ring, from journal retention. The
 * events go to a fresh queue of their own (never back to an agent), each event once.
 */
@Command(name = "replay", description = {
        "Replay the events published in a time window from journal retention.",
        "Copies them into a dedicated queue,"
                + " each event once, prints them, then deletes that queue (unless --keep).",
        "Times: ISO-8601, a UTC date, now, or an age (30m, 2h, 3d, 1w)."})
final class EventsReplayCommand extends ConsoleCommand {

    @Option(names = "--since", paramLabel = "TIME", required = true, description = "Start of the window (inclusive).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", defaultValue = "now", description = "End of the window (exclusive; default: now).")
    String until;

    @Option(names = "--keep", description = "Keep the replay queue afterwards (its name is printed on stderr).")
    boolean keep;

    @Mixin
    EventSelection selection;

    @Override
    public Integer call() {
        TimeWindow window = timeWindow(since, until);
        Instant from = window.from();
        Instant to = window.to();
        String target = Replay.newTargetName(now());
        List<EventLine> events;
        try (Replay replay = Replay.connect(client()); AuditLog audit = AuditLog.connect(client())) {
            try {
                replay.replay(from, to, target);
                events = audit.listReplayed(target, selection.filter(null, null))
                        .stream().map(EventLine::of)
                        .sorted(Comparator.comparing(EventLine::publishedAt))
                        .toList();
            } finally {
                if (!keep) {
                    deleteQuietly(replay, target);
                }
            }
        }
        events.forEach(this::printEvent);
        // stderr, so it is seen with --json too and never mixes into the output.
        err().println(events.size() + " event(s) replayed from " + from + " to " + to
                + (keep ? "; kept in queue " + target : ""));
        return ExitCodes.OK;
    }

    /** Deleting after a failed replay must not hide the replay's own error. */
    private void deleteQuietly(Replay replay, String target) {
        try {
            replay.delete(target);
        } catch (RuntimeException e) {
            err().println("warning: could not delete replay queue " + target + ": " + e.getMessage());
        }
    }
}
