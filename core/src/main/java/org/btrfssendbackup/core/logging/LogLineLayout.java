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
 * trace of an attached exception. Written by hand instead of by a logback pattern, whose
 * parser and converters are most of logback's start-up cost.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone;

    LogLineLayout() {
        this(ZoneId.systemDefault());
    }

    LogLineLayout(ZoneId zone) {
        this.zone = zone;
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
        line.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    /** The last part of a dotted logger name (a class's simple name). */
    static String simpleName(String loggerName) {
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
