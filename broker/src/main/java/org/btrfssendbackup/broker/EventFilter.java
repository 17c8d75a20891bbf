package org.btrfssendbackup.broker;

import org.btrfssendbackup.messages.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events to show: a publication time window and optionally one type, one backup set
 * and one host. Every part may be null (no restriction). Turns into a JMS selector; values are quoted
 * so a set name can never change the selector's meaning.
 *
 * @param since     inclusive lower bound of the publication time, or null
 * @param until     exclusive upper bound, or null
 * @param type      event type (the {@code type} property), or null
 * @param backupSet backup set (the {@code backupSet} property), or null
 * @param host      the emitting host (the {@code host} property), or null
 */
public record EventFilter(Instant since, Instant until, String type, String backupSet, String host) {

    public static final EventFilter ALL = new EventFilter(null, null, null, null, null);

    public EventFilter {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("event filter: since " + since + " is not before until " + until);
        }
    }

    /** Any host. */
    public EventFilter(Instant since, Instant until, String type, String backupSet) {
        this(since, until, type, backupSet, null);
    }

    public static EventFilter between(Instant since, Instant until) {
        return new EventFilter(since, until, null, null, null);
    }

    public EventFilter withType(String value) {
        return new EventFilter(since, until, value, backupSet, host);
    }

    public EventFilter withBackupSet(String value) {
        return new EventFilter(since, until, type, value, host);
    }

    public EventFilter withHost(String value) {
        return new EventFilter(since, until, type, backupSet, value);
    }

    /** The JMS selector, or null when nothing is restricted. */
    public String toSelector() {
        List<String> terms = new ArrayList<>();
        if (since != null) {
            terms.add("JMSTimestamp >= " + since.toEpochMilli());
        }
        if (until != null) {
            terms.add("JMSTimestamp < " + until.toEpochMilli());
        }
        if (type != null) {
            terms.add(Topology.PROPERTY_TYPE + " = " + quote(type));
        }
        if (backupSet != null) {
            terms.add(Topology.PROPERTY_BACKUP_SET + " = " + quote(backupSet));
        }
        if (host != null) {
            terms.add(Topology.PROPERTY_HOST + " = " + quote(host));
        }
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
