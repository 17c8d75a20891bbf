package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.protocol.ReadSessionFraming;
import org.btrfssendbackup.core.protocol.ReadSessionHeader;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * read-session: several read requests over one receiver run, each answered as the command alone
 * answers it (same bytes, same checks, same failure), framed by a header with the body's length.
 */
class ReadSessionTest {

    static final String SET = PutStreamTest.SET;
    static final String S1 = "p-20260130T000000Z";
    static final String S2 = "p-20260131T000000Z";
    static final String F1 = S1 + ".full.btrfs.gpg";
    static final String F2 = S2 + ".incr.btrfs.gpg";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    @TempDir
    Path tmp;

    byte[] full;
    byte[] incr;

    @BeforeEach
    void storeTwoStreams() {
        full = TestStreams.encryptedLike(300_000, 1);
        incr = TestStreams.encryptedLike(70_001, 2);
        ReceiverHarness store = new ReceiverHarness(root);
        assertThat(store.run("put-stream " + SET + " " + S1 + " full", full).status()).isZero();
        assertThat(store.run("put-stream " + SET + " " + S2 + " incr " + S1, incr).status()).isZero();
    }

    record Frame(ReadSessionHeader header, byte[] body) {
    }

    /** Reads frames until stdout ends; a short body fails the test. */
    static List<Frame> frames(byte[] stdout) throws IOException {
        InputStream in = new ByteArrayInputStream(stdout);
        List<Frame> frames = new ArrayList<>();
        while (true) {
            var line = ReadSessionFraming.readLine(in, ReadSessionFraming.MAX_HEADER_LENGTH, "header");
            if (line.isEmpty()) {
                return frames;
            }
            ReadSessionHeader header = ReadSessionHeader.parse(line.get(), JSON);
            frames.add(new Frame(header, ReadSessionFraming.body(in, header.bytes(), "body").readAllBytes()));
        }
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void listThenTwoGetStreamsAnswerWhatEachCommandAloneWrites() throws IOException {
        ReceiverHarness receiver = new ReceiverHarness(root);
        byte[] listAlone = receiver.run("list " + SET, new byte[0]).stdout();

        ReceiverHarness.Outcome session = receiver.run("read-session",
                lines("list " + SET, "get-stream " + SET + " " + F1, "get-stream " + SET + " " + F2, "version"));

        assertThat(session.status()).as(session.stderr()).isEqualTo(ReceiverExit.OK);
        assertThat(session.stderr()).isEmpty();
        List<Frame> frames = frames(session.stdout());
        assertThat(frames).extracting(f -> f.header().command()).containsExactly("list", "get-stream", "get-stream", "version");
        assertThat(frames.get(0).body()).isEqualTo(listAlone);
        assertThat(new String(listAlone, StandardCharsets.UTF_8)).contains(S1, S2);
        assertThat(frames.get(1).body()).isEqualTo(full);
        assertThat(frames.get(2).body()).isEqualTo(incr);
        assertThat(frames.get(3).header().bytes()).isEqualTo(frames.get(3).body().length);
        assertThat(new String(frames.get(3).body(), StandardCharsets.UTF_8)).contains("\"read-session\"").endsWith("}\n");
    }

    @Test
    void endOfStdinAtOnceIsAnEmptySessionThatSucceeds() {
        ReceiverHarness.Outcome session = new ReceiverHarness(root).run("read-session", new byte[0]);
        assertThat(session.status()).isEqualTo(ReceiverExit.OK);
        assertThat(session.stdout()).isEmpty();
        assertThat(session.stderr()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"put-stream " + SET + " p-20260201T000000Z full", "open-luks", "close-luks",
            "prune-received " + SET, "receive " + SET + " p-20260201T000000Z", "read-session", "rm -rf /", "list  " + SET})
    void aRequestThatIsNotAReadOneIsRefusedAndEndsTheSession(String request) throws IOException {
        ReceiverHarness receiver = new ReceiverHarness(root);
        ReceiverHarness.Outcome session = receiver.run("read-session", lines("list " + SET, request, "version"));

        assertThat(session.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(session.stderr()).startsWith("btrfs-backup-receive: refused: read-session request 2: ").hasLineCount(1);
        assertThat(frames(session.stdout())).as("the request before it was answered, none after")
                .extracting(f -> f.header().command()).containsExactly("list");
        assertThat(receiver.events.refused).as("named by the session and the refused request's word")
                .singleElement().asString().startsWith("read-session:" + request.strip().split(" ", 2)[0]
                        + " -> read-session request 2: ");
    }

    @Test
    void aFailingRequestEndsTheSessionAsTheCommandAloneFails() throws IOException {
        ReceiverHarness receiver = new ReceiverHarness(root);
        String missing = "get-stream " + SET + " p-20260129T000000Z.full.btrfs.gpg";
        ReceiverHarness.Outcome alone = receiver.run(missing, new byte[0]);
        ReceiverHarness.Outcome session = receiver.run("read-session", lines("version", missing, "list " + SET));

        assertThat(session.status()).isEqualTo(alone.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(session.stderr()).isEqualTo(alone.stderr()).contains("no such stored stream");
        assertThat(frames(session.stdout())).extracting(f -> f.header().command()).containsExactly("version");
    }

    @Test
    void aKeyBoundToOtherSetsIsRefusedInsideASessionToo() throws IOException {
        ReceiverHarness bound = new ReceiverHarness(root, SetBinding.parse("web1-*"));
        ReceiverHarness.Outcome session = bound.run("read-session", lines("version", "get-stream " + SET + " " + F1));
        assertThat(session.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(session.stderr()).contains("is not one this key may touch");
        assertThat(frames(session.stdout())).hasSize(1);
    }

    @Test
    void stdinCutInsideARequestLineFails() throws IOException {
        ReceiverHarness.Outcome session = new ReceiverHarness(root).run("read-session",
                ("list " + SET + "\nget-stream " + SET).getBytes(StandardCharsets.US_ASCII));
        assertThat(session.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(session.stderr()).isEqualTo("btrfs-backup-receive: failed: read-session request 2: the stream ended"
                + " inside a line after " + ("get-stream " + SET).length() + " bytes\n");
        assertThat(frames(session.stdout())).hasSize(1);
    }

    @Test
    void aRequestLineLongerThanAnyCommandIsRefused() {
        ReceiverHarness.Outcome session = new ReceiverHarness(root).run("read-session",
                lines("version", "list " + "a".repeat(5000)));
        assertThat(session.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(session.stderr()).contains("read-session request 2: line longer than 2048 characters").hasLineCount(1);
    }

    @Test
    void aClientThatSendsNoNextRequestIsGivenUpAfterTheIdleTimeout() throws IOException {
        ReceiverHarness receiver = new ReceiverHarness(root, "RECEIVE_IDLE_TIMEOUT=1s\n");
        // one request, then the connection stays open: no next request, no end of file
        InputStream stdin = new OpenAfter(lines("version"));
        long started = System.nanoTime();
        ReceiverHarness.Outcome session = receiver.run("read-session", stdin);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(session.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(session.stderr()).isEqualTo("btrfs-backup-receive: failed: read-session: waiting for request 2:"
                + " no byte arrived for 1s (RECEIVE_IDLE_TIMEOUT): the console or the link is gone\n");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(15));
        assertThat(frames(session.stdout())).hasSize(1);
    }

    /**
     * {@code bytes}, then a read that blocks until the stream is closed, which ends it with an
     * error: what the forced command's stdin (an NIO channel from sshd's pipe) does.
     */
    static final class OpenAfter extends InputStream {
        private final ByteArrayInputStream first;
        private final CountDownLatch closed = new CountDownLatch(1);

        OpenAfter(byte[] bytes) {
            first = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (first.available() > 0) {
                return first.read(b, off, len);
            }
            try {
                if (!closed.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("test: nothing closed the stream within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            throw new IOException("stream closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aSessionServesAtMostTheRequestLimit() throws IOException {
        String many = "version\n".repeat(ReadSessionFraming.MAX_REQUESTS + 1);
        ReceiverHarness receiver = new ReceiverHarness(root);
        ReceiverHarness.Outcome session = receiver.run("read-session", many.getBytes(StandardCharsets.US_ASCII));
        assertThat(session.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(session.stderr()).isEqualTo("btrfs-backup-receive: refused: read-session: more than 10000 requests"
                + " in one session (open another connection)\n");
        assertThat(frames(session.stdout())).hasSize(ReadSessionFraming.MAX_REQUESTS);
        assertThat(receiver.events.refused).as("the session itself was refused, no request in it")
                .singleElement().asString().startsWith("read-session -> read-session: more than 10000 requests");
    }

    /** As the forced command runs it: stdout a pipe, so bodies go out by sendfile, and exactly their length. */
    @Test
    void throughAPipeEachBodyIsExactlyTheStoredFile() throws Exception {
        Path requests = Files.write(tmp.resolve("requests"), lines("get-stream " + SET + " " + F1,
                "get-stream " + SET + " " + F2, "list " + SET));
        Process process = ChildReceiver.builder(tmp, "BACKUP_ROOT='" + root + "'\n", "read-session")
                .redirectInput(requests.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(err.get(), StandardCharsets.UTF_8)).isZero();
        List<Frame> frames = frames(out);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).body()).isEqualTo(full);
        assertThat(frames.get(1).body()).isEqualTo(incr);
        assertThat(new String(frames.get(2).body(), StandardCharsets.UTF_8)).contains(S1, S2);
    }
}
