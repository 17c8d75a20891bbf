package org.btrfssendbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which third-party lines the shared logging set-up drops: by logger, level and message id, nothing more. */
class OperatorNoiseTest {

    private static final String SERVER = "org.apache.activemq.artemis.core.server";

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        SERVER + ", WARN,  'AMQ222166: No Expiry Address configured for queue {} in AddressSettings', true",
        SERVER + ", WARN,  'AMQ222165: No Dead Letter Address configured for queue {} in AddressSettings', true",
        "org.apache.activemq.artemis.core.client, WARN, 'AMQ212037: {} connection failure to {} has been detected: {} [code={}]', true",
        // the same logger's warnings that matter get through
        SERVER + ", WARN,  'AMQ222210: Free storage space is at {} of {} total. Usage rate is {} which is beyond the configured <max-disk-usage>', false",
        SERVER + ", ERROR, 'AMQ222166: No Expiry Address configured for queue {} in AddressSettings', false",
        // another logger with the same text is not ours to judge
        "org.apache.activemq.artemis.core.client, WARN, 'AMQ222166: No Expiry Address', false",
        "org.btrfssendbackup.broker.EmbeddedBroker, WARN, 'AMQ222166: No Expiry Address', false",
        SERVER + ", WARN,  null, false",
        SERVER + ", null,  'AMQ222166: No Expiry Address', false"})
    void onlyTheListedMessageOfTheListedLoggerAtItsLevelIsNoise(String logger, String level, String format,
                                                                 boolean silenced) {
        assertThat(OperatorNoise.silenced(logger, level == null ? null : Level.toLevel(level), format))
                .isEqualTo(silenced);
    }

    @Test
    void everyEntrySaysWhyItIsNoise() {
        assertThat(OperatorNoise.SILENCED).isNotEmpty()
                .allMatch(e -> e.messageId().matches("AMQ\\d{6}") && e.why().length() > 20);
    }

    /** Through the shared set-up: the listed warning never reaches an appender, the next one of its logger does. */
    @Test
    void theSharedSetUpDropsTheNoiseAndKeepsTheRest() {
        LoggerContext context = new LoggerContext();
        StderrLogging.configure(context, new StderrLogging.Levels(Level.INFO, Level.WARN), false);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        Logger server = context.getLogger(SERVER);

        server.warn("AMQ222166: No Expiry Address configured for queue {} in AddressSettings", "audit");
        server.warn("AMQ222210: Free storage space is at {} of {} total", "1 GB", "100 GB");
        server.error("AMQ224000: Failure in initialisation");

        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("AMQ222210: Free storage space is at 1 GB of 100 GB total", "AMQ224000: Failure in initialisation");
    }
}
