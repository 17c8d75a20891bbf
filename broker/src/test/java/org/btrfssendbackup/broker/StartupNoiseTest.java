package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone broker's start, in its own JVM with the shared logging set-up as installed
 * (the class path without the tests' logback-test.xml): Artemis'
 * start-up warnings that mean nothing to an operator (no expiry address, no dead-letter address
 * for the dead-letter queue: OperatorNoise) are not on stderr, and a real error of the same
 * Artemis logger still is.
 */
class StartupNoiseTest {

    private static final List<String> NOISE = List.of("AMQ222165", "AMQ222166");

    @TempDir
    Path root;

    private Path config(int port) throws Exception {
        BrokerSettings fixture = BrokerFixture.settings(root); // writes the password files
        Path config = root.resolve("broker.conf");
        Files.writeString(config, String.join("\n",
                "BROKER_NAME=noise-test",
                "BROKER_DATA_DIR=" + fixture.dataDirectory(),
                "BROKER_PASSWORD_DIR=\"" + fixture.users().get(0).passwordFile().getParent() + "\"",
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                ""));
        return config;
    }

    /** The class path without the test classes, whose logback-test.xml would replace the installed logging set-up. */
    static String installedClassPath() {
        String separator = System.getProperty("path.separator");
        return String.join(separator, java.util.Arrays.stream(System.getProperty("java.class.path").split(separator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/")).toList());
    }

    private Process start(Path config, Path stderr) throws Exception {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", installedClassPath(), BrokerMain.class.getName(), "-c", config.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    }

    @Test
    void aCleanStartPrintsNoneOfTheNoise() throws Exception {
        Path stderr = root.resolve("stderr");
        Process broker = start(config(LoopbackPorts.free()), stderr);
        try {
            awaitText(stderr, "broker noise-test started", Duration.ofSeconds(60));
            broker.destroy();
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            broker.destroyForcibly();
        }
        String text = Files.readString(stderr);
        assertThat(text).contains("broker noise-test stopped");
        NOISE.forEach(id -> assertThat(text).doesNotContain(id));
    }

    @Test
    void aRealErrorOfArtemisStillReachesStderr() throws Exception {
        Path stderr = root.resolve("stderr");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process broker = start(config(taken.getLocalPort()), stderr);
            try {
                awaitText(stderr, "AMQ22", Duration.ofSeconds(60));
            } finally {
                broker.destroyForcibly();
                broker.waitFor(60, TimeUnit.SECONDS);
            }
        }
        String text = Files.readString(stderr);
        assertThat(text).containsPattern("(WARN|ERROR) +\\S+ - AMQ22\\d{4}: .*" + "Address already in use|(WARN|ERROR) .*AMQ22");
        NOISE.forEach(id -> assertThat(text).doesNotContain(id));
    }

    private static void awaitText(Path file, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" in " + file + " within " + timeout + ":\n"
                + (Files.exists(file) ? Files.readString(file) : "(nothing)"));
    }
}
