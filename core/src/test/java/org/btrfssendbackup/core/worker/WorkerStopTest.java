package org.btrfssendbackup.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerStopTest {

    /** Released after each test: a worker held in it ends, so no test leaves a thread behind. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseWorkers() {
        release.countDown();
    }

    /** A daemon worker that waits for {@link #release}, ignoring interrupts, as a read that does not return. */
    private Thread stuckWorker() {
        Thread worker = new Thread(() -> {
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // a read stuck in the kernel does not see the interrupt either
                }
            }
        }, "stuck-worker");
        worker.setDaemon(true);
        worker.start();
        return worker;
    }

    @Test
    void aWorkerThatEndsIsWaitedForAndTheJoinSaysSo() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                go.await();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        go.countDown();

        assertThat(WorkerStop.join(worker, Duration.ofSeconds(30))).isTrue();
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void aWorkerThatDoesNotEndIsLeftAfterTheBound() {
        Thread worker = stuckWorker();
        worker.interrupt();
        long start = System.nanoTime();

        assertThat(WorkerStop.join(worker, Duration.ofMillis(300))).isFalse();

        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waited).isGreaterThanOrEqualTo(300);
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void anInterruptOfTheWaiterDoesNotCutTheWaitShortAndIsKept() throws Exception {
        Thread worker = stuckWorker();
        AtomicBoolean joined = new AtomicBoolean();
        AtomicBoolean interruptKept = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            waiting.countDown();
            joined.set(WorkerStop.join(worker, Duration.ofSeconds(30)));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        waiter.interrupt();
        Thread.sleep(200);
        assertThat(waiter.isAlive()).as("still waiting for the worker after its interrupt").isTrue();

        release.countDown();
        waiter.join(30_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(joined).as("the worker ended within the bound").isTrue();
        assertThat(interruptKept).as("the waiter's interrupt is set again").isTrue();
    }

    @Test
    void aWorkerAlreadyEndedReturnsAtOnce() throws Exception {
        Thread worker = new Thread(() -> { });
        worker.start();
        worker.join();

        assertThat(WorkerStop.join(worker, Duration.ZERO)).isTrue();
    }
}
