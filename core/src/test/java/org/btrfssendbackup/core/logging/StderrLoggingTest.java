package org.btrfssendbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StderrLoggingTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(StderrLogging.LEVEL_PROPERTY);
        System.clearProperty(StderrLoggingConfigurator.CONFIGURATION_FILE_PROPERTY);
    }

    @ParameterizedTest
    @CsvSource({
        "'',    INFO,  WARN",  // unset: the default
        "INFO,  INFO,  WARN",
        "warn,  WARN,  WARN",  // the receiver's wrapper
        "DEBUG, DEBUG, WARN",  // third-party chatter stays out even when ours is verbose
        "ERROR, ERROR, ERROR", // never louder than asked for
        "OFF,   OFF,   OFF",
        "LOUD,  INFO,  WARN"}) // not a level: the default rather than no logging at all
    void defaultsComeFromTheLevelProperty(String property, String ours, String others) {
        if (!property.isEmpty()) {
            System.setProperty(StderrLogging.LEVEL_PROPERTY, property);
        }
        assertThat(StderrLogging.defaults()).isEqualTo(new StderrLogging.Levels(Level.toLevel(ours), Level.toLevel(others)));
    }

    @Test
    void configuringSetsBothLevelsAndOneStderrAppender() {
        LoggerContext context = new LoggerContext();
        StderrLogging.configure(context, new StderrLogging.Levels(Level.DEBUG, Level.WARN));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.btrfssendbackup.producer.steps.SendStep").getEffectiveLevel())
                .isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.activemq.artemis.core.server").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
            assertThat(a.getTarget()).isEqualTo("System.err");
            assertThat(a.isStarted()).isTrue();
        });
    }

    @ParameterizedTest
    @CsvSource({"DEBUG, true", "TRACE, true", "INFO, false", "WARN, false"})
    void stackTracesOnlyWhenOurLoggersAreVerbose(String ours, boolean stackTraces) {
        LoggerContext context = new LoggerContext();
        StderrLogging.configure(context, new StderrLogging.Levels(Level.toLevel(ours), Level.WARN));
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        var encoder = (ch.qos.logback.core.encoder.LayoutWrappingEncoder<?>) appender.getEncoder();
        assertThat(((LogLineLayout) encoder.getLayout()).stackTraces()).isEqualTo(stackTraces);
    }

    @Test
    void configuringAgainReplacesTheSetup() {
        LoggerContext context = new LoggerContext();
        StderrLogging.configure(context, new StderrLogging.Levels(Level.INFO, Level.WARN));
        StderrLogging.configure(context, new StderrLogging.Levels(Level.DEBUG, Level.ERROR));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger(StderrLogging.OUR_LOGGERS).getLevel()).isEqualTo(Level.DEBUG);
        int appenders = 0;
        for (var it = root.iteratorForAppenders(); it.hasNext(); it.next()) {
            appenders++;
        }
        assertThat(appenders).isEqualTo(1);
    }

    @Test
    void theConfiguratorAppliesTheDefaultsWhenNoXmlIsAskedFor() {
        // core's tests have no logback-test.xml on their class path
        System.setProperty(StderrLogging.LEVEL_PROPERTY, "WARN");
        LoggerContext context = new LoggerContext();
        StderrLoggingConfigurator configurator = new StderrLoggingConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(StderrLogging.OUR_LOGGERS).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    }

    @Test
    void theConfiguratorHandsOverWhenAnXmlFileIsNamed() {
        System.setProperty(StderrLoggingConfigurator.CONFIGURATION_FILE_PROPERTY, "/etc/btrfs-send-backup/logback.xml");
        LoggerContext context = new LoggerContext();
        StderrLoggingConfigurator configurator = new StderrLoggingConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void logbackFindsTheConfiguratorThroughItsServiceFile() {
        assertThat(java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(java.util.ServiceLoader.Provider::type))
                .contains(StderrLoggingConfigurator.class);
    }

    @Test
    void levelsMustBeSet() {
        assertThatThrownBy(() -> new StderrLogging.Levels(null, Level.WARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ours=null");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void theJournalDecisionReachesTheLayout(boolean journal) {
        LoggerContext context = new LoggerContext();
        StderrLogging.configure(context, new StderrLogging.Levels(Level.INFO, Level.WARN), journal);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        var encoder = (ch.qos.logback.core.encoder.LayoutWrappingEncoder<?>) appender.getEncoder();
        assertThat(((LogLineLayout) encoder.getLayout()).journal()).isEqualTo(journal);
    }
}
