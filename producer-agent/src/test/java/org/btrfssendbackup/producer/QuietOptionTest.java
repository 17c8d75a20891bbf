package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.logging.StderrLogging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** -q/--quiet: accepted before and after `run`, errors-only logging, and the shipped cron line uses it. */
class QuietOptionTest {

    @TempDir
    Path dir;

    /** Past the command line: the next thing that fails is the missing config file, with the exit status of before. */
    @ParameterizedTest
    @CsvSource({"-q,run", "run,-q", "--quiet,run", "run,--quiet"})
    void quietIsAnOptionOfTheRootAndOfRun(String first, String second) {
        Path conf = dir.resolve("none.conf");
        ConfigCheckTest.Run run = ConfigCheckTest.cli(first, second, "--config", conf.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Unknown option").contains(conf.toString());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void quietLogsErrorsOnlyAndVerboseWins() {
        assertThat(ProducerMain.levels(false, true)).isEqualTo(new StderrLogging.Levels(Level.ERROR, Level.ERROR));
        assertThat(ProducerMain.levels(false, false)).isEqualTo(new StderrLogging.Levels(Level.INFO, Level.WARN));
        assertThat(ProducerMain.levels(true, true)).isEqualTo(new StderrLogging.Levels(Level.DEBUG, Level.WARN));
    }

    @Test
    void theShippedCronLineIsTheSeedsWithQuiet() throws Exception {
        String cron = Files.readString(Path.of("..", "ops", "deploy", "prod-srv", "cron.btrfs-send-backup"));
        assertThat(cron.lines().filter(l -> !l.startsWith("#")).toList())
                .containsExactly("05 2 * * * root /usr/local/sbin/btrfs-send-backup -q");
    }
}
