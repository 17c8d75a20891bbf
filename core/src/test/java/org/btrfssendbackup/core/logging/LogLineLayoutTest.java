package org.btrfssendbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogLineLayoutTest {
    private static final long AT = Instant.parse("2026-11-26T01:05:00.123Z").toEpochMilli();
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("org.btrfssendbackup.producer.steps.SendStep");

    private String layout(ZoneId zone, LoggingEvent event) {
        LogLineLayout layout = new LogLineLayout(zone);
        layout.setContext(context);
        layout.start();
        return layout.doLayout(event);
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
        event.setTimeStamp(AT);
        return event;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UTC           | INFO  | 2026-11-26T01:05:00.123Z INFO  SendStep - sent 3 bytes",
        "Europe/Paris  | WARN  | 2026-11-26T02:05:00.123+01:00 WARN  SendStep - sent 3 bytes",
        "UTC           | ERROR | 2026-11-26T01:05:00.123Z ERROR SendStep - sent 3 bytes",
        "UTC           | DEBUG | 2026-11-26T01:05:00.123Z DEBUG SendStep - sent 3 bytes"})
    void oneLineWithTimeLevelClassAndTheFormattedMessage(String zone, String level, String expected) {
        assertThat(layout(ZoneId.of(zone), event(Level.toLevel(level), "sent {} bytes", null, 3)))
                .isEqualTo(expected + System.lineSeparator());
    }

    @Test
    void anExceptionFollowsWithItsStackTrace() {
        String text = layout(ZoneOffset.UTC, event(Level.ERROR, "failed", new IllegalStateException("disk full")));
        assertThat(text).startsWith("2026-11-26T01:05:00.123Z ERROR SendStep - failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: disk full");
        assertThat(text).contains("\tat org.btrfssendbackup.core.logging.LogLineLayoutTest");
    }

    @Test
    void withoutStackTracesAnExceptionIsOneLineNamingItsInnermostCause() {
        LogLineLayout layout = new LogLineLayout(ZoneOffset.UTC, false);
        layout.setContext(context);
        layout.start();
        Exception failure = new IllegalStateException("AMQ214016: Failed to create netty connection",
                new RuntimeException("wrapped", new java.net.UnknownHostException("no-such-host.invalid")));
        String text = layout.doLayout(event(Level.ERROR, "could not publish", failure));
        assertThat(text).isEqualTo("2026-11-26T01:05:00.123Z ERROR SendStep - could not publish"
                + " [java.lang.IllegalStateException: AMQ214016: Failed to create netty connection"
                + " <- caused by java.net.UnknownHostException: no-such-host.invalid]" + System.lineSeparator());
    }

    @Test
    void withoutStackTracesACauselessExceptionIsNamedOnce() {
        LogLineLayout layout = new LogLineLayout(ZoneOffset.UTC, false);
        layout.setContext(context);
        layout.start();
        String text = layout.doLayout(event(Level.WARN, "failed", new IllegalStateException("disk\nfull")));
        assertThat(text).isEqualTo("2026-11-26T01:05:00.123Z WARN  SendStep - failed [java.lang.IllegalStateException: disk full]"
                + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource({"org.btrfssendbackup.producer.ProducerMain, ProducerMain", "ROOT, ROOT", "a.b., ''"})
    void loggerNamesAreShortenedToTheirLastPart(String name, String expected) {
        assertThat(LogLineLayout.simpleName(name)).isEqualTo(expected);
    }

    /** On the journal: the priority prefix instead of the time (the journal stamps each entry itself). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ERROR | <3>ERROR SendStep - sent 3 bytes",
        "WARN  | <4>WARN  SendStep - sent 3 bytes",
        "INFO  | <6>INFO  SendStep - sent 3 bytes",
        "DEBUG | <7>DEBUG SendStep - sent 3 bytes"})
    void onTheJournalAPriorityPrefixAndNoTimestamp(String level, String expected) {
        LogLineLayout layout = new LogLineLayout(ZoneOffset.UTC, false, true);
        layout.setContext(context);
        layout.start();
        assertThat(layout.doLayout(event(Level.toLevel(level), "sent {} bytes", null, 3)))
                .isEqualTo(expected + System.lineSeparator());
    }

    /** journald reads every line as an entry: each line of a stack trace carries the priority too. */
    @Test
    void onTheJournalEveryLineOfAStackTraceCarriesThePriority() {
        LogLineLayout layout = new LogLineLayout(ZoneOffset.UTC, true, true);
        layout.setContext(context);
        layout.start();
        String text = layout.doLayout(event(Level.ERROR, "failed", new IllegalStateException("disk full",
                new java.io.IOException("No space left on device"))));
        assertThat(text.lines().count()).isGreaterThan(3);
        assertThat(text.lines()).allMatch(l -> l.startsWith("<3>"));
        assertThat(text).startsWith("<3>ERROR SendStep - failed" + System.lineSeparator()
                + "<3>java.lang.IllegalStateException: disk full").contains("<3>Caused by: java.io.IOException")
                .doesNotContain("2026-11-26");
    }
}
