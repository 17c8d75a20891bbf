package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up hook (registered in META-INF/services): applies
 * {@link StderrLogging#defaults()} unless an XML configuration was asked for, by the
 * {@code logback.configurationFile} property or by a logback-test.xml on the class path
 * (the tests'), which logback's own configurator then reads as usual.
 */
public final class StderrLoggingConfigurator extends ContextAwareBase implements Configurator {
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
    static final String TEST_CONFIGURATION = "logback-test.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null || hasTestConfiguration()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        StderrLogging.configure(context, StderrLogging.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean hasTestConfiguration() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = StderrLoggingConfigurator.class.getClassLoader();
        }
        return loader.getResource(TEST_CONFIGURATION) != null;
    }
}
