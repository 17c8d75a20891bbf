package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupMetricsTest {

    private static final Instant SUCCESS = Instant.parse("2026-12-03T02:14:05.250Z");
    private static final Instant FAILED = Instant.parse("2026-12-04T02:10:00Z");

    /** A set of each kind: one the producer knows (runs), one the pruner knows (store), one failing. */
    static MetricsState sample() {
        return new MetricsState(List.of(
                new SetMetrics("prod-srv", "root", SUCCESS, FAILED, Duration.ofMillis(83_500), 1_234_567L,
                        SetHealth.FAILING, null, null),
                new SetMetrics("prod-srv", "home", null, null, null, null, SetHealth.CORRUPT, 14, 1),
                new SetMetrics("db-srv", "pg", SUCCESS, SUCCESS, Duration.ofSeconds(2), 0L, SetHealth.OK, 3, 0)),
                true, 2L, 53_687_091_200L, 107_374_182_400L);
    }

    @Test
    void theExpositionTextIsTheGoldenOne() throws IOException {
        assertThat(MetricsText.text(sample())).isEqualTo(golden());
    }

    @Test
    void promtoolAcceptsTheGoldenText(@TempDir Path dir) throws IOException {
        SystemTests.assumeTool("promtool");
        CommandResult result = new LocalProcessRunner().run(
                CommandLine.of("promtool", "check", "metrics").describedAs("promtool check metrics")
                        .acceptingExitStatus(0, 1, 3).withTimeout(Duration.ofSeconds(30)),
                StdinSource.bytes(MetricsText.text(sample()).getBytes(StandardCharsets.UTF_8)));
        // promtool writes its lint findings (e.g. "counter metrics should have _total suffix") to stderr.
        assertThat(result.stderrTail()).isEmpty();
        assertThat(result.exitStatus()).isZero();
    }

    static Stream<Arguments> rows() {
        SetMetrics none = SetMetrics.named("h", "s");
        return Stream.of(
                Arguments.of("nothing known: no per-set line at all", MetricsState.ofSets(List.of(none)), List.of(),
                        List.of("btrfs_backup_")),
                Arguments.of("last success in Unix seconds with millis",
                        MetricsState.ofSets(List.of(new SetMetrics("h", "s", SUCCESS, null, null, null, null, null,
                                null))),
                        List.of("btrfs_backup_last_success_timestamp_seconds{host=\"h\",set=\"s\"} 1.79626404525E9"),
                        List.of("btrfs_backup_last_run_bytes", "btrfs_backup_set_status")),
                Arguments.of("duration in seconds, bytes as bytes",
                        MetricsState.ofSets(List.of(new SetMetrics("h", "s", null, null, Duration.ofMillis(1500),
                                4096L, null, null, null))),
                        List.of("btrfs_backup_last_run_duration_seconds{host=\"h\",set=\"s\"} 1.5",
                                "btrfs_backup_last_run_bytes{host=\"h\",set=\"s\"} 4096.0"),
                        List.of("btrfs_backup_last_success")),
                Arguments.of("stale: one status is 1, the three others 0",
                        MetricsState.ofSets(List.of(new SetMetrics("h", "s", null, null, null, null, SetHealth.STALE,
                                null, null))),
                        List.of("btrfs_backup_set_status{host=\"h\",set=\"s\",status=\"stale\"} 1.0",
                                "btrfs_backup_set_status{host=\"h\",set=\"s\",status=\"ok\"} 0.0",
                                "btrfs_backup_set_status{host=\"h\",set=\"s\",status=\"failing\"} 0.0",
                                "btrfs_backup_set_status{host=\"h\",set=\"s\",status=\"corrupt\"} 0.0"),
                        List.of()),
                Arguments.of("broker down is 0, not absent", MetricsState.ofSets(List.of()).withBrokerUp(false),
                        List.of("btrfs_backup_broker_up 0.0"), List.of("btrfs_backup_dead_letters")),
                Arguments.of("no dead letters is 0", MetricsState.ofSets(List.of()).withDeadLetters(0),
                        List.of("btrfs_backup_dead_letters 0.0"), List.of("btrfs_backup_broker_up")),
                Arguments.of("store free and size", MetricsState.ofSets(List.of()).withStore(10, 40),
                        List.of("btrfs_backup_store_free_bytes 10.0", "btrfs_backup_store_size_bytes 40.0"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachValueComesFromItsFact(String why, MetricsState state, List<String> lines, List<String> absent) {
        List<String> text = MetricsText.text(state).lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(text).containsAll(lines);
        for (String prefix : absent) {
            assertThat(text).noneMatch(l -> l.startsWith(prefix));
        }
    }

    @Test
    void setsAreWrittenInHostThenSetOrderWhateverTheInputOrder() {
        MetricsState a = MetricsState.ofSets(List.of(withBytes("b", "x"), withBytes("a", "y"), withBytes("a", "x")));
        assertThat(MetricsText.text(a).lines().filter(l -> l.startsWith("btrfs_backup_last_run_bytes")))
                .containsExactly("btrfs_backup_last_run_bytes{host=\"a\",set=\"x\"} 1.0",
                        "btrfs_backup_last_run_bytes{host=\"a\",set=\"y\"} 1.0",
                        "btrfs_backup_last_run_bytes{host=\"b\",set=\"x\"} 1.0");
    }

    @Test
    void negativeFactsAreRefusedNamingTheSet() {
        assertThatThrownBy(() -> new SetMetrics("h", "s", null, null, null, -1L, null, null, null))
                .hasMessageContaining("h/s").hasMessageContaining("negative bytes");
        assertThatThrownBy(() -> new SetMetrics("h", "s", null, null, Duration.ofSeconds(-1), null, null, null,
                null)).hasMessageContaining("negative duration");
    }

    private static SetMetrics withBytes(String host, String set) {
        return new SetMetrics(host, set, null, null, null, 1L, null, null, null);
    }

    static String golden() throws IOException {
        try (InputStream in = BackupMetricsTest.class.getResourceAsStream("/metrics/golden.prom")) {
            assertThat(in).as("golden file metrics/golden.prom").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the golden file anew: run by hand after a deliberate change, then review the diff. */
    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of("core/src/test/resources/metrics/golden.prom"), MetricsText.text(sample()));
    }
}
