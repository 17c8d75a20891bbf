package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;

/**
 * The real ssh client against a host that takes the TCP connection and never says a word (a
 * hung sshd, a middlebox swallowing the session): with the keepalive's detection time as
 * ConnectTimeout it gives up after it, exit 255, instead of waiting for ever (ServerAlive* only
 * starts once the session is up).
 */
class SshConnectTimeoutSystemTest {

    @Test
    void aHostThatNeverSendsItsBannerFailsTheCallAfterTheDetectionTime() throws IOException {
        SystemTests.assumeTool("ssh");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());    // held open, never written to
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SshArgs ssh = SshArgs.toReceiver("nobody@127.0.0.1", OptionalInt.of(silent.getLocalPort()), Optional.empty(),
                    Optional.empty(), Optional.empty(), new SshKeepalive(Duration.ofSeconds(2), 1));

            long start = System.nanoTime();
            ProcessFailedException failure = catchThrowableOfType(() -> new LocalProcessRunner().run(
                    ssh.remoteCommand("version").withTimeout(Duration.ofSeconds(60))), ProcessFailedException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isNotNull();
            assertThat(failure.exitStatus()).isEqualTo(255);
            assertThat(failure.stderrTail()).contains("timed out");
            // 2 s of ConnectTimeout, far below the runner's 60 s (which would have ended it otherwise)
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
