package org.btrfssendbackup.ops.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.StatusEvaluator;
import org.btrfssendbackup.ops.console.TimeArguments;
import org.btrfssendbackup.ops.console.Verdict;

/** {@code status}: one verdict per backup set, for the operator and for monitoring (exit 1 unless all OK). */
@Command(name = "status", description = {"Verdict per backup set (OK, STALE, FAILING) with its last events.",
        "Shows per set the last event of each type, the last success and its age, and the verdict:",
        "  OK       last BackupCompleted within --max-age and no failure since,",
        "  STALE    no BackupCompleted within --max-age (or none at all),",
        "  FAILING  a StepFailed event or a dead letter newer than the last success.",
        "Exits 1 when any set is not OK, or when there is no backup set at all."})
final class StatusCommand extends ConsoleCommand {

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "26h",
            description = "Oldest acceptable last success (default: ${DEFAULT-VALUE}; 90m, 26h, 3d, 1w).")
    String maxAge;

    @Option(names = "--set", paramLabel = "SET",
            description = "Only this backup set (repeatable); a set without any event is reported STALE.")
    List<String> sets = List.of();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Only the sets of this host, judged by the events and dead letters it emitted (repeatable).")
    List<String> hosts = List.of();

    @Override
    public Integer call() {
        Duration allowed;
        try {
            allowed = TimeArguments.duration(maxAge, "--max-age");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Instant now = now();
        List<EventLine> events;
        List<DeadLetter> deadLetters;
        try (AuditLog audit = AuditLog.connect(client()); DeadLetters letters = DeadLetters.connect(client())) {
            events = audit.list(EventFilter.ALL).stream().map(EventLine::of)
                    .filter(event -> hosts.isEmpty() || hosts.contains(event.host())).toList();
            deadLetters = letters.list().stream().filter(letter -> hosts.isEmpty() || hosts.contains(letter.host())).toList();
        }
        List<SetStatus> statuses = StatusEvaluator.evaluate(events, deadLetters, sets, now, allowed).stream()
                .filter(status -> sets.isEmpty() || sets.contains(status.backupSet()))
                .toList();
        boolean allOk = !statuses.isEmpty() && statuses.stream().allMatch(status -> status.verdict() == Verdict.OK);
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("now", now);
            document.put("maxAgeSeconds", allowed.toSeconds());
            document.put("ok", allOk);
            document.put("sets", statuses.stream().map(SetStatus::jsonFields).toList());
            printJson(document);
        } else {
            printHuman(statuses, now);
        }
        return allOk ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void printHuman(List<SetStatus> statuses, Instant now) {
        if (statuses.isEmpty()) {
            out().println("no backup set has any event in the audit log");
        }
        for (SetStatus status : statuses) {
            out().printf("%-24s %-8s %s%n", status.backupSet(), status.verdict(), status.explanation());
            status.lastByType().forEach((type, time) -> out().printf("    %-18s %s  (%s ago)%n", type, time,
                    TimeArguments.age(Duration.between(time, now))));
        }
        out().flush();
    }
}
