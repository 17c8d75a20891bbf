package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops third-party log lines that mean nothing to an operator, each named by logger, level and
 * message id, so that every other line of the same logger still gets through: Artemis' server
 * logger also carries warnings that matter (a full disk, a critical analyzer), so silencing
 * the logger by level alone would hide them. Every entry says why it is noise.
 */
public final class OperatorNoise extends TurboFilter {

    /** One silenced message: the logger (exactly), the level it comes at, and the start of its text. */
    record Entry(String logger, Level level, String messageId, String why) {
    }

    static final String ARTEMIS_SERVER = "org.apache.activemq.artemis.core.server";
    static final String ARTEMIS_CLIENT = "org.apache.activemq.artemis.core.client";

    static final List<Entry> SILENCED = List.of(
            new Entry(ARTEMIS_SERVER, Level.WARN, "AMQ222165",
                    "No Dead Letter Address for the dead-letter queue itself: a dead letter has nowhere further to go, by design"),
            new Entry(ARTEMIS_SERVER, Level.WARN, "AMQ222166",
                    "No Expiry Address for a queue: no message of ours has a time-to-live, so none can expire"),
            new Entry(ARTEMIS_CLIENT, Level.WARN, "AMQ212037",
                    "CORE connection failure: on the broker, every short-lived receiver that published its event and"
                            + " exited (a demo run shows one per upload); a client that loses its own connection says so"
                            + " in our words (the producer's 'broker connection failed', the receiver's 'event not published')"));

    /** Pure: whether a line of this logger and level, whose unformatted text is {@code format}, is noise. */
    static boolean silenced(String logger, Level level, String format) {
        if (format == null || level == null) {
            return false;
        }
        for (Entry entry : SILENCED) {
            if (entry.logger().equals(logger) && entry.level().equals(level) && format.startsWith(entry.messageId())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // Called for every logging call before the level check too: a level of null is an isEnabled probe.
        return logger != null && silenced(logger.getName(), level, format) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
