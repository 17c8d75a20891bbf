package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read deadline both ways it is used: a program that stops writing but keeps its stdout open
 * (the console's ssh: the abort ends the process, and the end of stream that follows is the
 * timeout, not the data's end), and a channel whose close wakes the read (the receiver's stdin).
 */
@Timeout(30)
class IdleReadWatchTest {

    @Test
    void aProgramThatStopsWritingIsEndedAndItsEndIsTheTimeoutNotTheDataEnd() throws Exception {
        // real bytes, then a silence with the pipe still open: what a stuck receiver behind ssh looks like
        Process silent = new ProcessBuilder("sh", "-c", "printf 'first bytes'; exec sleep 600").start();
        try (IdleReadWatch watch = IdleReadWatch.start(silent.getInputStream(), Duration.ofMillis(300),
                silent::destroy, "--ssh-stall-timeout", "the sender stopped");
             InputStream in = watch.input()) {
            byte[] first = new byte[11];
            assertThat(in.readNBytes(first, 0, first.length)).isEqualTo(11);
            assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("first bytes");

            long start = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class)
                    .hasMessage("no byte arrived for 300ms (--ssh-stall-timeout): the sender stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
            assertThat(silent.waitFor(10, TimeUnit.SECONDS)).as("the abort ended the program").isTrue();
            assertThat(watch.fired()).isTrue();
            assertThatThrownBy(in::read).as("every later read fails the same way").hasMessageContaining("no byte arrived");
        } finally {
            silent.destroyForcibly();
        }
    }

    @Test
    void aClosedChannelWakesTheReadWithTheTimeout() throws Exception {
        Pipe pipe = Pipe.open();
        InputStream source = Channels.newInputStream(pipe.source());
        try (IdleReadWatch watch = IdleReadWatch.start(source, Duration.ofSeconds(1), source, "RECEIVE_IDLE_TIMEOUT",
                "the producer or the link is gone")) {
            InputStream in = watch.input();
            assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(IOException.class)
                    .hasMessage("no byte arrived for 1s (RECEIVE_IDLE_TIMEOUT): the producer or the link is gone")
                    .hasCauseInstanceOf(IOException.class);
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void aSteadySenderAndTheReadersOwnPausesNeverFireIt() throws Exception {
        // 10 writes 150 ms apart under a 400 ms deadline, and the reader sleeping 600 ms between reads:
        // only a read that waits counts, the time spent on what was read does not
        Process steady = new ProcessBuilder("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do printf x; sleep 0.15; done").start();
        try (IdleReadWatch watch = IdleReadWatch.start(steady.getInputStream(), Duration.ofMillis(400),
                steady::destroy, "--ssh-stall-timeout", "the sender stopped");
             InputStream in = watch.input()) {
            int bytes = 0;
            while (in.read() >= 0) {
                bytes++;
                if (bytes == 3) {
                    Thread.sleep(600);
                }
            }
            assertThat(bytes).isEqualTo(10);
            assertThat(watch.fired()).isFalse();
        } finally {
            steady.destroyForcibly();
        }
    }

    @Test
    void closingTheInputEndsTheWatchsThread() throws Exception {
        Set<Thread> before = watchThreads();
        Process silent = new ProcessBuilder("sh", "-c", "exec sleep 600").start();
        try {
            IdleReadWatch watch = IdleReadWatch.start(silent.getInputStream(), Duration.ofMinutes(5), silent::destroy,
                    "--ssh-stall-timeout", "the sender stopped");
            Set<Thread> started = watchThreads();
            started.removeAll(before);
            assertThat(started).as("the watch's own thread").hasSize(1);
            Thread thread = started.iterator().next();

            watch.input().close();
            thread.join(5_000);
            assertThat(thread.isAlive()).as("closing the input ended the watch").isFalse();
            assertThat(watch.fired()).isFalse();
            assertThat(silent.isAlive()).as("the abort never ran").isTrue();
        } finally {
            silent.destroyForcibly();
        }
    }

    private static Set<Thread> watchThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().equals("idle-read-watch")) {
                threads.add(t);
            }
        }
        return threads;
    }
}
