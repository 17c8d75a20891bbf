package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Progress events: none for a short transfer, then at most one per interval, the estimate asked for once. */
class ProgressEventsTest {

    private static final long S = 1_000_000_000L;

    @ParameterizedTest(name = "elapsed {0} s, last {1} s -> {2}")
    @CsvSource({"0, 0, false", "9, 0, false", "10, 0, true", "19, 10, false", "20, 10, true", "35, 10, true"})
    void dueOnceAnIntervalHasPassedSinceTheStartOrTheLastEvent(long elapsed, long last, boolean due) {
        assertThat(ThrottledByteCount.due(elapsed * S, last * S, 10 * S)).isEqualTo(due);
    }

    @Test
    void aLongTransferGetsOneEventPerIntervalAndAShortOneNone() throws Exception {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger estimates = new AtomicInteger();
        List<TransferProgress> events = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ProgressEvents stream = new ProgressEvents(wire, "rootfs-20240501T020001Z", SnapshotKind.INCR, () -> {
            estimates.incrementAndGet();
            return OptionalLong.of(10_000_000);
        }, events::add, nanos::get, Duration.ofSeconds(10));

        for (int second = 0; second < 9; second++) {
            stream.write(new byte[100_000]);
            nanos.addAndGet(S);
        }
        assertThat(events).as("the first nine seconds").isEmpty();
        assertThat(estimates).as("no listing for a short transfer").hasValue(0);

        for (int tenth = 0; tenth < 300; tenth++) { // 30 more seconds in writes every 0.1 s
            stream.write(new byte[10_000]);
            nanos.addAndGet(S / 10);
        }

        assertThat(events).hasSize(3);
        assertThat(events.get(0).elapsedMillis()).isEqualTo(10_000);
        assertThat(events.get(0).bytes()).isEqualTo(900_000 + 10 * 10_000 + 10_000);
        assertThat(events).extracting(TransferProgress::expectedBytes).containsOnly(10_000_000L);
        assertThat(events.get(2).elapsedMillis() - events.get(1).elapsedMillis()).isGreaterThanOrEqualTo(10_000);
        assertThat(estimates).hasValue(1);
        assertThat(wire.size()).isEqualTo(900_000 + 300 * 10_000);
    }

    @Test
    void anEmitThatFailsNeverFailsTheTransfer() throws Exception {
        AtomicLong nanos = new AtomicLong();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ProgressEvents stream = new ProgressEvents(wire, "rootfs-20240501T020001Z", SnapshotKind.FULL, OptionalLong::empty,
                event -> {
                    throw new IllegalStateException("broker gone");
                }, nanos::get, Duration.ofSeconds(10));
        nanos.set(11 * S);

        stream.write(new byte[5]);

        assertThat(wire.size()).isEqualTo(5);
    }
}
