package org.btrfssendbackup.ops.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.core.cli.ExitCodes;

/**
 * {@code dlq retry}: sends dead letters back to the queue they failed on, and only that
 * queue: the other agents (and the audit log) already have their copy.
 */
@Command(name = "retry", description = "Send one dead letter (by the ID dlq list shows) or all of them back to their original queue.")
final class DlqRetryCommand extends ConsoleCommand {

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Message id from dlq list.")
    Long messageId;

    @Option(names = "--all", description = "Retry every dead letter.")
    boolean all;

    @Override
    public Integer call() {
        if ((messageId == null) == !all) {
            throw usage("give either a message ID or --all");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        String message;
        try (DeadLetters deadLetters = DeadLetters.connect(client())) {
            if (all) {
                long retried = deadLetters.retryAll();
                result.put("retried", retried);
                message = "sent " + retried + " dead letter(s) back to their original queues";
            } else {
                DeadLetter letter = deadLetters.list().stream().filter(l -> l.messageId() == messageId).findFirst()
                        .orElseThrow(() -> new ConsoleFailure(ExitCodes.FAILED,
                                "no dead letter with id " + messageId + " (see dlq list)"));
                if (!deadLetters.retry(messageId)) {
                    throw new ConsoleFailure(ExitCodes.FAILED, "dead letter " + messageId + " was not retried"
                            + " (already retried or purged by someone else?)");
                }
                result.put("retried", 1);
                result.put("messageId", messageId);
                result.put("eventId", letter.eventId());
                result.put("originalQueue", letter.originalQueue());
                message = "sent dead letter " + messageId + " (" + letter.type() + ", " + letter.eventId() + ") back to "
                        + letter.originalQueue();
            }
        }
        if (json()) {
            printJson(result);
        } else {
            out().println(message);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
