package org.btrfssendbackup.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void anInterruptedJoinStillWaitsForTheThreadAndKeepsTheInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread helper = new Thread(() -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "helper");
        helper.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        boolean[] interruptKept = new boolean[1];
        boolean[] helperAliveAfterJoin = new boolean[1];
        Thread joiner = new Thread(() -> {
            Threads.joinUninterruptibly(helper);
            helperAliveAfterJoin[0] = helper.isAlive();
            interruptKept[0] = Thread.currentThread().isInterrupted();
        }, "joiner");
        joiner.start();
        joiner.interrupt(); // while it waits: it must go on waiting
        Thread.sleep(100);
        assertThat(joiner.isAlive()).isTrue();
        release.countDown();
        joiner.join(10_000);
        assertThat(joiner.isAlive()).isFalse();
        assertThat(helperAliveAfterJoin[0]).isFalse();
        assertThat(interruptKept[0]).isTrue();
    }
}
