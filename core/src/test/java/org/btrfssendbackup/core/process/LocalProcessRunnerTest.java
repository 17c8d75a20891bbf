package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs real programs (sh, cat, true, false, sleep). */
class LocalProcessRunnerTest {

    private final ProcessRunner runner = new LocalProcessRunner();

    private static CommandLine sh(String script) {
        return CommandLine.of("sh", "-c", script);
    }

    @Test
    void successCapturesStdoutAndStderr() {
        CommandResult r = runner.run(sh("echo out; echo err >&2"));
        assertThat(r.exitStatus()).isZero();
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderrTail()).isEqualTo("err\n");
        assertThat(r.stdoutLines()).containsExactly("out");
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "255"})
    void nonZeroExitThrowsWithArgvStatusAndStderr(int status) {
        CommandLine c = sh("echo first problem >&2; echo second >&2; exit " + status).describedAs("test op");
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class, () -> runner.run(c));
        assertThat(e.reason()).isEqualTo(ProcessFailedException.Reason.EXIT_STATUS);
        assertThat(e.exitStatus()).isEqualTo(status);
        assertThat(e.argv()).isEqualTo(c.argv());
        assertThat(e.stderrTail()).isEqualTo("first problem\nsecond\n");
        assertThat(e.getMessage()).startsWith("test op failed: exit status " + status)
                .contains("`sh -c ").contains("first problem | second");
    }

    @Test
    void falseFails() {
        assertThatThrownBy(() -> runner.run(CommandLine.of("false")))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("exit status 1");
        assertThat(runner.run(CommandLine.of("true")).exitStatus()).isZero();
    }

    @Test
    void acceptedNonZeroStatusIsAResult() {
        CommandResult r = runner.run(sh("exit 1").acceptingExitStatus(1));
        assertThat(r.exitStatus()).isEqualTo(1);
        assertThatThrownBy(() -> runner.run(sh("exit 2").acceptingExitStatus(1)))
                .isInstanceOf(ProcessFailedException.class);
    }

    @Test
    void programNotFoundNamesTheProgram() {
        byte[] secret = "s3cret".getBytes(StandardCharsets.UTF_8);
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class,
                () -> runner.run(CommandLine.of("no-such-program-xyz", "arg"), StdinSource.bytes(secret)));
        assertThat(e.reason()).isEqualTo(ProcessFailedException.Reason.START_FAILED);
        assertThat(e.exitStatus()).isEqualTo(-1);
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertThat(e.getMessage()).contains("could not start program 'no-such-program-xyz'");
        assertThat(secret).containsOnly(0);
    }

    @Test
    void stderrKeepsOnlyTheConfiguredTail() {
        ProcessRunner small = new LocalProcessRunner(ProcessFactory.SYSTEM, 1024);
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class, () -> small.run(
                sh("head -c 100000 /dev/zero | tr '\\0' x >&2; echo; echo LAST LINE >&2; exit 4")));
        assertThat(e.stderrTail()).endsWith("LAST LINE\n").startsWith("[");
        assertThat(e.stderrTail().length()).isLessThanOrEqualTo(1024 + 40);
    }

    @Test
    void defaultStderrBoundIs64KiB() {
        CommandResult r = runner.run(sh("head -c 1000000 /dev/zero | tr '\\0' y >&2"));
        assertThat(r.stderrTail()).startsWith("[" + (1_000_000 - 65536) + " earlier bytes dropped]");
        assertThat(r.stderrTail().length()).isLessThanOrEqualTo(65536 + 40);
    }

    @Test
    void capturedStdoutAboveTheLimitFails() {
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class,
                () -> runner.run(sh("head -c 17000000 /dev/zero")));
        assertThat(e.reason()).isEqualTo(ProcessFailedException.Reason.OUTPUT_TOO_LARGE);
        assertThat(e.getMessage()).contains("stdout exceeded 16777216 bytes");
    }

    @Test
    void stdinBytesArriveAndAreZeroedAfterwards() {
        byte[] secret = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        CommandResult r = runner.run(CommandLine.of("cat"), StdinSource.bytes(secret));
        assertThat(r.stdoutText()).isEqualTo("correct horse battery staple");
        assertThat(secret).containsOnly(0);
        assertThat(StdinSource.bytes(new byte[3]).toString()).doesNotContain("[B@").contains("3 bytes");
    }

    @Test
    void stdinFromFileAndStream(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, "from file");
        assertThat(runner.run(CommandLine.of("cat"), StdinSource.file(f)).stdoutText()).isEqualTo("from file");
        InputStream in = new ByteArrayInputStream("from stream".getBytes(StandardCharsets.UTF_8));
        assertThat(runner.run(CommandLine.of("cat"), StdinSource.stream(in)).stdoutText()).isEqualTo("from stream");
    }

    @Test
    void noStdinMeansEndOfFile() {
        assertThat(runner.run(CommandLine.of("cat")).stdoutText()).isEmpty();
    }

    @Test
    void failingStdinSourceIsAnErrorEvenIfTheChildSucceeds() {
        InputStream broken = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("disk read error");
                }
                return 'a';
            }
        };
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class,
                () -> runner.run(CommandLine.of("wc", "-c"), StdinSource.stream(broken)));
        assertThat(e.reason()).isEqualTo(ProcessFailedException.Reason.IO_ERROR);
        assertThat(e.getMessage()).contains("disk read error");
    }

    @Test
    void workingDirectoryAndEnvironmentAdditions(@TempDir Path dir) throws IOException {
        CommandResult r = runner.run(sh("pwd; echo \"$GREETING\"; echo \"$LC_ALL\"")
                .inDirectory(dir).withEnvironment("GREETING", "hello"));
        assertThat(r.stdoutLines()).containsExactly(dir.toRealPath().toString(), "hello", "C");
    }

    @Test
    void timeoutKillsTheProcess() {
        long t0 = System.nanoTime();
        ProcessFailedException e = catchThrowableOfType(ProcessFailedException.class,
                () -> runner.run(CommandLine.of("sleep", "30").withTimeout(Duration.ofMillis(300))));
        assertThat(e.reason()).isEqualTo(ProcessFailedException.Reason.TIMED_OUT);
        assertThat(e.getMessage()).contains("timed out (no exit within 300ms)").contains("sleep 30");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void awaitWithTimeoutDestroysAndRemembersTheOutcome() {
        RunningProcess p = runner.start(CommandLine.of("sleep", "30"), StdinSource.none(), StdoutMode.discard());
        ProcessFailedException first = catchThrowableOfType(ProcessFailedException.class,
                () -> p.await(Duration.ofMillis(200)));
        assertThat(p.isAlive()).isFalse();
        ProcessFailedException second = catchThrowableOfType(ProcessFailedException.class, p::await);
        assertThat(second).isSameAs(first);
    }

    @Test
    void destroyStopsARunningProcess() {
        RunningProcess p = runner.start(CommandLine.of("sleep", "30"), StdinSource.pipe(), StdoutMode.pipe());
        assertThat(p.isAlive()).isTrue();
        p.destroy();
        assertThat(p.isAlive()).isFalse();
        assertThatThrownBy(p::await).isInstanceOf(ProcessFailedException.class);
    }

    @Test
    void streamsNotConfiguredAsPipesAreRefused() {
        try (RunningProcess p = runner.start(CommandLine.of("true"), StdinSource.none(), StdoutMode.capture())) {
            assertThatThrownBy(p::stdin).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(p::stdout).isInstanceOf(IllegalStateException.class);
            p.await();
        }
        assertThatThrownBy(() -> runner.run(CommandLine.of("cat"), StdinSource.pipe()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stdoutToFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        runner.start(sh("echo to file"), StdinSource.none(), StdoutMode.toFile(out)).await();
        assertThat(Files.readString(out)).isEqualTo("to file\n");
    }

    @Test
    void injectedFactorySeesTheConfiguredBuilder() {
        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        ProcessRunner recording = new LocalProcessRunner(b -> {
            seen.add(List.copyOf(b.command()));
            b.command("echo", "substituted");
            return b.start();
        });
        assertThat(recording.run(CommandLine.of("btrfs", "filesystem", "sync", "/x")).stdoutText())
                .isEqualTo("substituted\n");
        assertThat(seen).containsExactly(List.of("btrfs", "filesystem", "sync", "/x"));
    }
}
