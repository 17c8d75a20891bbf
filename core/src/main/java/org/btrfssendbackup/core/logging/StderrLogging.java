package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The one logging setup of every program (producer, receiver, pruner, ops): everything on
 * stderr as {@link LogLineLayout} lines, because stdout carries command output (tables, JSON)
 * and the receiver's SSH protocol. Our own loggers ({@value #OUR_LOGGERS}) and third-party
 * ones (Artemis, Netty) get separate levels: third-party start-up chatter is noise in a
 * nightly log; the warnings that remain but mean nothing to an operator are dropped by
 * {@link OperatorNoise}, one message id at a time.
 *
 * <p>Set up in code, not by a logback.xml: with one lib directory holding every jar, a second
 * logback.xml would make logback print a "multiple configurations" notice into stderr, and
 * logback's XML configurator alone loads ~400 classes, a fifth of a second of CPU at every
 * start of a command. {@link StderrLoggingConfigurator} applies {@link #defaults()} when logging
 * is first used; programs with a verbosity option call {@link #configure} again.
 */
public final class StderrLogging {
    /** Our packages. */
    public static final String OUR_LOGGERS = "org.btrfssendbackup";
    /**
     * System property with the default level of our loggers (the receiver's wrapper sets WARN:
     * its stderr reaches the producer's error message).
     */
    public static final String LEVEL_PROPERTY = "btrfs.log.level";

    private StderrLogging() {
    }

    /** Ours at {@value #LEVEL_PROPERTY} (default INFO), the rest at WARN, or quieter when ours is quieter still. */
    public static Levels defaults() {
        Level ours = Level.toLevel(System.getProperty(LEVEL_PROPERTY, "INFO").toUpperCase(Locale.ROOT), Level.INFO);
        return new Levels(ours, Level.WARN.isGreaterOrEqual(ours) ? Level.WARN : ours);
    }

    /** Replaces whatever logging setup there was by the stderr one; a no-op under another SLF4J binding. */
    public static void configure(Levels levels) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, levels);
        }
    }

    static void configure(LoggerContext context, Levels levels) {
        configure(context, levels, JournalStream.isStderr());
    }

    /** @param journal stderr is the systemd journal: priority prefixes, no timestamps */
    static void configure(LoggerContext context, Levels levels, boolean journal) {
        context.reset();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        // Stack traces only when our loggers are at DEBUG or finer (--verbose): otherwise each
        // error is one line with its innermost cause.
        LogLineLayout layout = new LogLineLayout(levels.ours().toInt() <= Level.DEBUG.toInt(), journal);
        layout.setContext(context);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        OperatorNoise noise = new OperatorNoise();
        noise.setContext(context);
        noise.start();
        context.addTurboFilter(noise);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(levels.others());
        context.getLogger(OUR_LOGGERS).setLevel(levels.ours());
    }

    /** The level of our loggers and of everything else. */
    public record Levels(Level ours, Level others) {
        public Levels {
            if (ours == null || others == null) {
                throw new IllegalArgumentException("logging levels must be set, got ours=" + ours + ", others=" + others);
            }
        }
    }
}
