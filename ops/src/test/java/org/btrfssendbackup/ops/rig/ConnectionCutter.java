package org.btrfssendbackup.ops.rig;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.producer.upload.StreamWriter;
import org.btrfssendbackup.producer.upload.UploadOutcome;

/**
 * Cuts the real SSH connection in the middle of a put-stream, as a dropped network would:
 * once the producer has written {@code afterBytes} of the stream, the sshd process serving
 * that connection on "backup-srv" is killed (SIGKILL). The receiver then sees its stdin end
 * early and the producer's ssh client loses the connection; nothing is faked on either side.
 *
 * <p>Only processes this JVM started are touched: the sshd of {@link ReceiverSshd} is a child
 * of this JVM, so the serving sshd and the receiver below it are its descendants.
 */
public final class ConnectionCutter implements StreamUploader {

    private final StreamUploader real;
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile long afterBytes = -1;

    public ConnectionCutter(StreamUploader real) {
        this.real = real;
    }

    /** Every later put-stream is cut after this many bytes of stream. */
    public void arm(long bytes) {
        afterBytes = bytes;
    }

    public void disarm() {
        afterBytes = -1;
    }

    /** How many connections were cut. */
    public int cuts() {
        return cuts.get();
    }

    @Override
    public List<ListReplyLine.Stream> list(BackupSetName set) throws IOException {
        return real.list(set);
    }

    @Override
    public java.util.Optional<org.btrfssendbackup.core.protocol.VersionReply> version() throws IOException {
        return real.version();
    }

    @Override
    public UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) throws IOException {
        long limit = afterBytes;
        if (limit < 0) {
            return real.putStream(request, writer);
        }
        return real.putStream(request, transport -> writer.writeTo(new CuttingStream(transport, limit)));
    }

    /** The receiver processes (forced commands) running below this JVM right now. */
    public static List<ProcessHandle> receivers() {
        return ProcessHandle.current().descendants()
                .filter(p -> arguments(p).stream().anyMatch(a -> a.endsWith("receiver.ReceiverMain")))
                .toList();
    }

    /**
     * A process's argv from /proc: ProcessHandle.Info#arguments() is empty for command lines
     * longer than a page, and the receiver's (its class path) is much longer.
     */
    static List<String> arguments(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of(); // it has exited meanwhile
        }
    }

    private void cut() throws IOException {
        ProcessHandle receiver = awaitPutStreamReceiver();
        Optional<ProcessHandle> sshdSession = receiver.parent();
        while (sshdSession.isPresent() && !sshdSession.get().info().command().orElse("").contains("sshd")) {
            sshdSession = sshdSession.get().parent();
        }
        ProcessHandle session = sshdSession.orElseThrow(() -> new IllegalStateException(
                "connection cutter: no sshd process above the receiver " + receiver.pid()));
        if (session.parent().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false)) {
            // that would be the listening sshd, not the one serving this connection
            throw new IllegalStateException("connection cutter: the receiver " + receiver.pid()
                    + " runs right below the listening sshd; no per-connection sshd to kill");
        }
        session.destroyForcibly();
        try {
            session.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("connection cutter: sshd " + session.pid() + " did not exit: " + e, e);
        }
        cuts.incrementAndGet();
    }

    /**
     * The stream can run ahead of the receiver's start (pipe and socket buffers take the first
     * bytes), so its process may need a moment to appear.
     */
    private static ProcessHandle awaitPutStreamReceiver() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            List<ProcessHandle> found = receivers().stream()
                    .filter(p -> arguments(p).stream().anyMatch(a -> a.startsWith("put-stream ")))
                    .toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.size() > 1 || System.nanoTime() > deadline) {
                throw new IOException("connection cutter: expected one put-stream receiver below this JVM, found "
                        + found.size());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("connection cutter: interrupted", e);
            }
        }
    }

    private final class CuttingStream extends FilterOutputStream {
        private final long limit;
        private long written;
        private boolean cut;

        CuttingStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (!cut && written >= limit) {
                cut = true;
                cut();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
