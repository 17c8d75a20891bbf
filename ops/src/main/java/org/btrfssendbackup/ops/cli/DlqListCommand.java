package org.btrfssendbackup.ops.cli;

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
import org.btrfssendbackup.ops.console.DeadLetterView;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.console.FailureReasons;

/** {@code dlq list}: every dead letter with where it failed and why. */
@Command(name = "list", description = {"List dead letters, oldest first.",
        "Shows per letter its message id (for retry), event type, set,"
        + " original queue, delivery count, publication time and the last failure reason."})
final class DlqListCommand extends ConsoleCommand {

    @Option(names = "--set", paramLabel = "SET", description = "Only letters of this backup set, e.g. web1/rootfs.")
    String backupSet;

    @Option(names = "--host", paramLabel = "HOST", description = "Only letters of events this host emitted, e.g. web1.")
    String host;

    private static final String ROW = "%-8s %-16s %-16s %-16s %4s  %-24s  %s%n";

    @Override
    public Integer call() {
        List<DeadLetterView> views;
        try (DeadLetters deadLetters = DeadLetters.connect(client())) {
            List<DeadLetter> letters = deadLetters.list().stream()
                    .filter(letter -> backupSet == null || backupSet.equals(letter.backupSet()))
                    .filter(letter -> host == null || host.equals(letter.host())).toList();
            List<EventLine> failures = List.of();
            // Only letters the broker moved lack a reason of their own; only then read the StepFailed history.
            if (letters.stream().anyMatch(letter -> letter.deadLetterReason() == null)) {
                try (AuditLog audit = AuditLog.connect(client())) {
                    failures = audit.list(EventFilter.ALL.withType("StepFailed")).stream().map(EventLine::of).toList();
                }
            }
            views = FailureReasons.attach(letters, failures);
        }
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("count", views.size());
            document.put("deadLetters", views.stream().map(DeadLetterView::jsonFields).toList());
            printJson(document);
        } else if (views.isEmpty()) {
            out().println("the dead-letter queue is empty");
        } else {
            out().printf(ROW, "ID", "TYPE", "SET", "QUEUE", "DELV", "PUBLISHED", "LAST FAILURE");
            for (DeadLetterView view : views) {
                DeadLetter letter = view.letter();
                out().printf(ROW, letter.messageId(), dash(letter.type()), dash(letter.backupSet()),
                        dash(letter.originalQueue()), letter.deliveryCount(), letter.timestamp(),
                        view.lastFailure() == null ? "unknown (no StepFailed event in the audit log)" : view.lastFailure());
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
