package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Large data in and out of real programs, as btrfs send / receive and ssh use the runner. */
class StreamingTest {

    private static final int SIZE = 50 * 1024 * 1024;

    private final ProcessRunner runner = new LocalProcessRunner();

    @Test
    void fiftyMebibytesThroughCat() throws Exception {
        try (RunningProcess cat = runner.start(CommandLine.of("cat"), StdinSource.pipe(), StdoutMode.pipe())) {
            CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> write(cat.stdin()));
            String read = sha256(cat.stdout());
            assertThat(read).isEqualTo(written.get());
            assertThat(cat.await().exitStatus()).isZero();
        }
    }

    @Test
    void fiftyMebibytesFromAStreamSource() throws Exception {
        InputStream source = new DeterministicStream(SIZE);
        CommandResult r = runner.run(CommandLine.of("wc", "-c"), StdinSource.stream(source));
        assertThat(r.stdoutText().trim()).isEqualTo(Integer.toString(SIZE));
    }

    @Test
    void fiftyMebibytesReadFromStdout() throws Exception {
        try (RunningProcess p = runner.start(CommandLine.of("head", "-c", Integer.toString(SIZE), "/dev/zero"),
                StdinSource.none(), StdoutMode.pipe())) {
            long n = p.stdout().transferTo(OutputStream.nullOutputStream());
            assertThat(n).isEqualTo(SIZE);
            p.await();
        }
    }

    private static String write(OutputStream out) {
        try (out) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Random random = new Random(42);
            byte[] buf = new byte[1 << 20];
            for (int written = 0; written < SIZE; written += buf.length) {
                random.nextBytes(buf);
                md.update(buf);
                out.write(buf);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
            total += n;
        }
        assertThat(total).isEqualTo(SIZE);
        return HexFormat.of().formatHex(md.digest());
    }

    /** SIZE bytes of a repeating pattern, without holding them in memory. */
    private static final class DeterministicStream extends InputStream {
        private long left;

        DeterministicStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? (int) (left & 0x7f) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((left - i) & 0x7f);
            }
            left -= n;
            return n;
        }
    }
}
