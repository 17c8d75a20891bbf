package org.btrfssendbackup.core.logging;

import org.slf4j.LoggerFactory;

/**
 * A JVM that logs one INFO and one WARN line, for {@link StderrLoggingProviderTest}; with the
 * argument {@code quiet}, one that sets logging up (a logger) and logs nothing.
 */
public final class LoggingChildMain {
    private LoggingChildMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("quiet")) {
            System.out.println("debug enabled: " + LoggerFactory.getLogger(LoggingChildMain.class).isDebugEnabled());
            return;
        }
        LoggerFactory.getLogger(LoggingChildMain.class).info("an info line from the child");
        LoggerFactory.getLogger("org.apache.activemq.artemis.Chatter").info("third-party chatter");
        LoggerFactory.getLogger(LoggingChildMain.class).warn("a warning from the child");
    }
}
