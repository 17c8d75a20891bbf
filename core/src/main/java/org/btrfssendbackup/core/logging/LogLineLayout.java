package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One log line: {@code 2026-11-26T02:05:00.123+01:00 INFO  SendStep - message}, or, when
 * stderr is the journal ({@link JournalStream}), {@code <6>INFO  SendStep - message}: the
 * priority prefix instead of the time, on every line of a stack trace too (journald reads each
 * line as an entry of its own). Then the stack
 * trace of an attached exception, or, when stack traces are off (not --verbose), only the
 * exception and its innermost cause on the same line: an unknown broker host is one line
 * naming the host, not forty lines of Netty frames. Written by hand instead of by a logback
 * pattern, whose parser and converters are most of logback's start-up cost.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    /**
     * Null until the first line: the system zone is looked up then, not when logging is set up.
     * Looking it up loads the JDK's time-zone rules, which search every jar of the class path for
     * more rule providers, a cost every command paid at start even when it logged nothing.
     */
    private volatile ZoneId zone;
    private final boolean stackTraces;
    private final boolean journal;

    LogLineLayout(boolean stackTraces, boolean journal) {
        this(null, stackTraces, journal);
    }

    LogLineLayout(ZoneId zone) {
        this(zone, true);
    }

    LogLineLayout(ZoneId zone, boolean stackTraces) {
        this(zone, stackTraces, false);
    }

    LogLineLayout(ZoneId zone, boolean stackTraces, boolean journal) {
        this.zone = zone;
        this.stackTraces = stackTraces;
        this.journal = journal;
    }

    private ZoneId zone() {
        ZoneId known = zone;
        if (known == null) {
            known = ZoneId.systemDefault();
            zone = known;
        }
        return known;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        String priority = journal ? JournalStream.prefix(event.getLevel()) : null;
        if (journal) {
            line.append(priority);
        } else {
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone()), line);
            line.append(' ');
        }
        String level = event.getLevel().toString();
        line.append(level);
        line.append(" ".repeat(Math.max(1, 6 - level.length())));
        line.append(simpleName(event.getLoggerName())).append(" - ").append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && !stackTraces) {
            line.append(" [").append(causes(thrown)).append(']');
        }
        line.append(CoreConstants.LINE_SEPARATOR);
        if (thrown != null && stackTraces) {
            String trace = ThrowableProxyUtil.asString(thrown);
            if (journal) {
                trace.lines().forEach(l -> line.append(priority).append(l).append(CoreConstants.LINE_SEPARATOR));
            } else {
                line.append(trace).append(CoreConstants.LINE_SEPARATOR);
            }
        }
        return line.toString();
    }

    boolean stackTraces() {
        return stackTraces;
    }

    boolean journal() {
        return journal;
    }

    /** The exception, and its innermost cause when there is one: usually what names the object (a host, a file). */
    static String causes(IThrowableProxy thrown) {
        IThrowableProxy innermost = thrown;
        for (int depth = 0; innermost.getCause() != null && depth < 32; depth++) {
            innermost = innermost.getCause();
        }
        String outer = oneLine(thrown);
        return innermost == thrown ? outer : outer + " <- caused by " + oneLine(innermost);
    }

    private static String oneLine(IThrowableProxy thrown) {
        String message = thrown.getMessage();
        return thrown.getClassName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " ").strip());
    }

    /** The last part of a dotted logger name (a class's simple name). */
    static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
