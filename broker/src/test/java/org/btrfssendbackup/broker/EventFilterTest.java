package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventFilterTest {

    private static final Instant T1 = Instant.ofEpochMilli(1_000);
    private static final Instant T2 = Instant.ofEpochMilli(2_000);

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-    | -    | -              | -     | -",
            "1000 | -    | -              | -     | JMSTimestamp >= 1000",
            "1000 | 2000 | -              | -     | JMSTimestamp >= 1000 AND JMSTimestamp < 2000",
            "-    | -    | PruneRequested | -     | type = 'PruneRequested'",
            "-    | 2000 | -              | home  | JMSTimestamp < 2000 AND backupSet = 'home'",
            "-    | -    | -              | o'x   | backupSet = 'o''x'",
    })
    void buildsTheSelector(Long since, Long until, String type, String set, String selector) {
        EventFilter filter = new EventFilter(since == null ? null : Instant.ofEpochMilli(since),
                until == null ? null : Instant.ofEpochMilli(until), type, set);
        assertThat(filter.toSelector()).isEqualTo(selector);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> EventFilter.between(T2, T1)).hasMessageContaining("not before");
        assertThat(EventFilter.between(T1, T2).withType("A").withBackupSet("b").toSelector())
                .isEqualTo("JMSTimestamp >= 1000 AND JMSTimestamp < 2000 AND type = 'A' AND backupSet = 'b'");
    }

    @Test
    void selectsOneHostQuoted() {
        assertThat(EventFilter.ALL.withHost("web1").toSelector()).isEqualTo("host = 'web1'");
        assertThat(EventFilter.ALL.withBackupSet("web1/rootfs").withHost("o'x").toSelector())
                .isEqualTo("backupSet = 'web1/rootfs' AND host = 'o''x'");
    }
}
