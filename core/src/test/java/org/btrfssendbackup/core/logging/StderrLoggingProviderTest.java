package org.btrfssendbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider the wrappers name with {@code -Dslf4j.provider}: a real child JVM logs through it.
 * Its class-load log shows that logback's auto-configuration (which searches every jar of the
 * class path for configurators and XML files) never ran, and stderr shows the usual lines.
 */
class StderrLoggingProviderTest {

    @TempDir
    Path dir;

    @Test
    void logsToStderrWithTheDefaultsWithoutLogbacksClassPathSearch() throws Exception {
        CommandResult child = child(List.of());
        assertThat(child.stderrTail())
                .contains("an info line from the child")
                .contains("a warning from the child")
                .doesNotContain("third-party chatter") // the others at WARN, as StderrLogging.defaults()
                .doesNotContain("SLF4J");              // no notice about the explicit provider
        assertThat(child.stdoutText())
                .contains("org.btrfssendbackup.core.logging.StderrLoggingProvider")
                .doesNotContain("ch.qos.logback.classic.util.ContextInitializer")
                .doesNotContain("ch.qos.logback.classic.spi.LogbackServiceProvider")
                .doesNotContain("StderrLoggingConfigurator");
    }

    @Test
    void aCommandThatLogsNothingNeverLoadsTheTimeZoneRules() throws Exception {
        // the rules' provider lookup searches every jar of the class path (LogLineLayout)
        CommandResult child = child(List.of(), "quiet");
        assertThat(child.stdoutText())
                .contains("debug enabled: false")
                .contains("org.btrfssendbackup.core.logging.LogLineLayout")
                .doesNotContain("java.time.zone.ZoneRulesProvider");
        assertThat(child(List.of()).stdoutText()).contains("java.time.zone.ZoneRulesProvider"); // the first line does
    }

    @Test
    void theLevelPropertyStillApplies() throws Exception {
        CommandResult child = child(List.of("-D" + StderrLogging.LEVEL_PROPERTY + "=WARN"));
        assertThat(child.stderrTail()).contains("a warning from the child").doesNotContain("an info line");
    }

    @Test
    void anXmlConfigurationAskedForIsRead() throws Exception {
        Path xml = dir.resolve("logback.xml");
        Files.writeString(xml, """
                <configuration>
                  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>FROM-XML %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="E"/></root>
                </configuration>
                """);
        CommandResult child = child(List.of("-D" + StderrLoggingConfigurator.CONFIGURATION_FILE_PROPERTY + "=" + xml));
        assertThat(child.stderrTail()).contains("FROM-XML an info line from the child");
    }

    private CommandResult child(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:disable", "-Xlog:class+load=info:stdout",
                "-D" + StderrLoggingProvider.PROVIDER_PROPERTY + "=" + StderrLoggingProvider.class.getName(),
                "-Dslf4j.internal.verbosity=WARN"));
        argv.addAll(options);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), LoggingChildMain.class.getName()));
        argv.addAll(List.of(args));
        CommandResult result = new LocalProcessRunner().run(CommandLine.of(argv).withTimeout(Duration.ofSeconds(60)));
        assertThat(result.exitStatus()).as(result.stderrTail()).isZero();
        return result;
    }
}
