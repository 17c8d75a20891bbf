package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockedCallWatchdogTest {

    @Test
    void aCallBlockedForTheTimeoutRunsTheActionOnce() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (BlockedCallWatchdog watchdog = BlockedCallWatchdog.start(Duration.ofMillis(200), () -> {
            runs.incrementAndGet();
            stalled.countDown();
        }, "test-watchdog")) {
            watchdog.enter();
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(watchdog.fired()).isTrue();
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void timeBetweenCallsDoesNotCountNorDoShortCalls() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (BlockedCallWatchdog watchdog = BlockedCallWatchdog.start(Duration.ofMillis(200), runs::incrementAndGet,
                "test-watchdog")) {
            for (int i = 0; i < 10; i++) {
                watchdog.enter();
                Thread.sleep(50);
                watchdog.exit();
                Thread.sleep(100);
            }
            Thread.sleep(400); // idle well past the timeout
            assertThat(watchdog.fired()).isFalse();
            assertThat(runs).hasValue(0);
        }
    }

    @Test
    void aTimeoutOfZeroIsRefused() {
        assertThatThrownBy(() -> BlockedCallWatchdog.start(Duration.ZERO, () -> { }, "w"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0");
    }
}
