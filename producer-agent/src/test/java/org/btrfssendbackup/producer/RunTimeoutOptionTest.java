package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** `run --timeout` reads the one duration syntax (core.time.Durations) and refuses anything else before doing anything. */
class RunTimeoutOptionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"6", "PT6H", "6 h", "6H", "-6h", "1y"})
    void anythingButTheOneSyntaxIsAUsageError(String value) {
        ConfigCheckTest.Run run = ConfigCheckTest.cli("run", "--timeout", value, "--config", dir.resolve("none.conf").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout").contains("is not a whole number with a unit us, ms, s, m, h, d or w")
                .doesNotContain("none.conf: ");
    }

    /** Accepted values get past the command line: the next thing that fails is the missing config file. */
    @ParameterizedTest
    @ValueSource(strings = {"90m", "6h", "7d", "1w"})
    void theOneSyntaxIsAccepted(String value) {
        Path conf = dir.resolve("none.conf");
        ConfigCheckTest.Run run = ConfigCheckTest.cli("run", "--timeout", value, "--config", conf.toString());
        assertThat(run.err()).doesNotContain("--timeout").contains(conf.toString());
    }

    @Test
    void theOldSpellingAndTheNewOneTogetherAreAUsageError() {
        ConfigCheckTest.Run run = ConfigCheckTest.cli("run", "--timeout", "6h", "--timeout-hours", "6",
                "--config", dir.resolve("none.conf").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout and --timeout-hours: give only one");
    }
}
