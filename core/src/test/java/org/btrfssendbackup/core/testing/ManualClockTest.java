package org.btrfssendbackup.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void movesOnlyWhenToldAndNeverBackwards() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T02:05:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T02:05:00Z"));
        clock.advance(Duration.ofDays(1));
        clock.set(Instant.parse("2026-03-02T02:05:00Z")); // the same moment is not going back
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T02:05:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThatThrownBy(() -> clock.set(Instant.parse("2026-03-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go back");
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
