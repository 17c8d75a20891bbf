package org.btrfssendbackup.ops.console;

import java.util.List;
import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.DeadLetter;
import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.broker.EventFilter;

/**
 * What a set's verdict is judged by: every event of the hub's audit log and every dead letter
 * waiting, read at once. {@code status}, {@code metrics} and the web console read it the same
 * way, so they can never judge a set from different facts.
 */
public record HubHistory(List<EventLine> events, List<DeadLetter> deadLetters) {

    public HubHistory {
        events = List.copyOf(events);
        deadLetters = List.copyOf(deadLetters);
    }

    /** The audit log and the dead letters as they are now (a broker that cannot be reached throws). */
    public static HubHistory read(BrokerClient client) {
        try (AuditLog audit = AuditLog.connect(client); DeadLetters letters = DeadLetters.connect(client)) {
            return new HubHistory(audit.list(EventFilter.ALL).stream().map(EventLine::of).toList(), letters.list());
        }
    }

    /** Only what these hosts emitted; every host when the list is empty. */
    public HubHistory ofHosts(List<String> hosts) {
        if (hosts.isEmpty()) {
            return this;
        }
        return new HubHistory(events.stream().filter(event -> hosts.contains(event.host())).toList(),
                deadLetters.stream().filter(letter -> hosts.contains(letter.host())).toList());
    }
}
