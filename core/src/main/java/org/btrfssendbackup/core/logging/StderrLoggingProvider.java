package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding the installed wrappers name ({@value #PROVIDER_PROPERTY}, with SLF4J's own
 * notes turned down by {@code -Dslf4j.internal.verbosity=WARN}): logback with
 * {@link StderrLogging#defaults()}, set up directly.
 *
 * <p>Why not logback's own provider: SLF4J finds it with a ServiceLoader, and logback's
 * start-up then looks for configurators (another ServiceLoader) and for logback-test.xml and
 * logback.xml. Each of those searches every jar of the class path, so every jar is opened and
 * its central directory read, on a JVM that has compiled nothing yet: about 0.1 s of every
 * command's start, where the class data archive had made class loading itself nearly free.
 * Named explicitly, this provider opens no jar. Only when {@code logback.configurationFile} asks
 * for an XML configuration does it run logback's usual start-up. Without the property (tests,
 * a plain {@code java -cp}), SLF4J finds logback's provider and {@link StderrLoggingConfigurator}
 * applies the same defaults.
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider {
    /** SLF4J's system property naming the provider class. */
    public static final String PROVIDER_PROPERTY = "slf4j.provider";
    /** The SLF4J API version this provider is written for (SLF4J warns below 2.0). */
    private static final String API_VERSION = "2.0.99";

    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        if (System.getProperty(StderrLoggingConfigurator.CONFIGURATION_FILE_PROPERTY) != null) {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("logging: cannot read " + System.getProperty(
                        StderrLoggingConfigurator.CONFIGURATION_FILE_PROPERTY) + ": " + e.getMessage()
                        + "; logging to stderr with the defaults");
                StderrLogging.configure(context, StderrLogging.defaults());
            }
        } else {
            StderrLogging.configure(context, StderrLogging.defaults());
        }
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }
}
