package org.btrfssendbackup.core.chain;

import org.btrfssendbackup.core.layout.StreamKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FullOrIncrementalTest {

    private static final String LAST = "rootfs-20260301T020000Z";

    @ParameterizedTest(name = "state={0} local={1} lastFull={2} new={3} interval={4} -> {5}")
    @CsvSource(nullValues = "null", value = {
        // no state at all: first run
        "false, true,  null,                 2026-03-02T02:00:00Z, 32,    NO_STATE",
        // the parent snapshot was deleted locally: btrfs send -p is impossible
        "true,  false, 2026-03-01T02:00:00Z, 2026-03-02T02:00:00Z, 32,    PARENT_GONE_LOCALLY",
        // state without the time of the last full: cannot prove the chain is young
        "true,  true,  null,                 2026-03-02T02:00:00Z, 32,    NO_FULL_RECORDED",
        "true,  true,  2026-03-01T02:00:00Z, 2026-04-02T01:59:59Z, 32,    INCREMENTAL_ON_LAST_SENT",
        // exactly FULL_INTERVAL_DAYS after the last full's snapshot time: full
        "true,  true,  2026-03-01T02:00:00Z, 2026-04-02T02:00:00Z, 32,    FULL_INTERVAL_ELAPSED",
        "true,  true,  2016-03-01T02:00:00Z, 2026-03-02T02:00:00Z, 36500, INCREMENTAL_ON_LAST_SENT",
        "true,  true,  2026-03-01T02:00:00Z, 2026-03-01T03:00:00Z, 0,     FULL_INTERVAL_ELAPSED",
    })
    void decisionFollowsTheSeedRules(boolean hasState, boolean parentLocal, Instant lastFull,
                                     Instant newSnapshot, int interval, SendDecision.Reason expected) {
        Optional<SendHistory> history = hasState ? Optional.of(new SendHistory(LAST, lastFull)) : Optional.empty();

        SendDecision decision = FullOrIncremental.decide(history, parentLocal, newSnapshot, interval);

        assertThat(decision.reason()).isEqualTo(expected);
        assertThat(decision.kind()).isEqualTo(expected.kind());
        assertThat(decision.parent()).isEqualTo(decision.isFull() ? null : LAST);
        assertThat(decision.explanation()).isNotBlank();
    }

    @Test
    void explanationNamesTheParentAndTheAge() {
        SendDecision decision = FullOrIncremental.decide(
                Optional.of(new SendHistory(LAST, Instant.parse("2026-03-01T02:00:00Z"))), true,
                Instant.parse("2026-03-11T02:00:00Z"), 32);

        assertThat(decision.explanation()).contains(LAST).contains("10 days");
    }

    @Test
    void negativeIntervalIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> FullOrIncremental.decide(Optional.empty(), true, Instant.EPOCH, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FULL_INTERVAL_DAYS");
    }

    @Test
    void decisionRecordRefusesAnInconsistentParent() {
        assertThatThrownBy(() -> new SendDecision(StreamKind.FULL, "p", SendDecision.Reason.NO_STATE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendDecision(StreamKind.INCR, "p", SendDecision.Reason.NO_STATE, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
