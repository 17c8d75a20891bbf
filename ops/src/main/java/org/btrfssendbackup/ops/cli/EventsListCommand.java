package org.btrfssendbackup.ops.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.EventLine;

/** {@code events list}: history from the audit queue (a ring of the newest events), oldest first. */
@Command(name = "list", description = {"List past events from the audit log, oldest first.",
        "Times are publication times: ISO-8601 (2024-05-01T02:00:00Z), a UTC date (2024-05-01), now,"
                + " or an age (30m, 2h, 3d, 1w)."})
final class EventsListCommand extends ConsoleCommand {

    @Option(names = "--since", paramLabel = "TIME", description = "Only events published at or after TIME.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only events published before TIME.")
    String until;

    @Mixin
    EventSelection selection;

    @Override
    public Integer call() {
        TimeWindow window = timeWindow(since, until);
        EventFilter filter = selection.filter(window.from(), window.to());
        List<EventLine> events;
        try (AuditLog audit = AuditLog.connect(client())) {
            events = audit.list(filter).stream().map(EventLine::of).toList();
        }
        events.forEach(this::printEvent);
        err().println(events.size() + " event(s) from the audit log");
        return ExitCodes.OK;
    }
}
