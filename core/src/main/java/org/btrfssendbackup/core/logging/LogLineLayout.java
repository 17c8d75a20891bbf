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
 * One log line: {@code 2026-11-26T02:05:00.123+01:00 INFO  SendStep - message}, then the stack
 * trace of an attached exception, or, when stack traces are off (not --verbose), only the
 * exception and its innermost cause on the same line: an unknown broker host is one line
 * naming the host, not forty lines of Netty frames. Written by hand instead of by a logback
 * pattern, whose parser and converters are most of logback's start-up cost.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone;
    private final boolean stackTraces;

    LogLineLayout(boolean stackTraces) {
        this(ZoneId.systemDefault(), stackTraces);
    }

    LogLineLayout(ZoneId zone) {
        this(zone, true);
    }

    LogLineLayout(ZoneId zone, boolean stackTraces) {
        this.zone = zone;
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone), line);
        line.append(' ');
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
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    boolean stackTraces() {
        return stackTraces;
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
