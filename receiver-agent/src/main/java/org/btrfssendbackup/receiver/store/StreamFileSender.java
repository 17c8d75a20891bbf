package org.btrfssendbackup.receiver.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends a stored stream file to get-stream's stdout. When stdout is the process's descriptor (the
 * forced command: a pipe or socket to sshd) the kernel copies the file with sendfile(2)
 * ({@link FileChannel#transferTo}): no read into the JVM and no write out of it, which is most
 * of the CPU the receiver spent on a restore --from-ssh (8 KiB reads and writes, each through a
 * temporary direct buffer). Any other stream (tests in one JVM) gets a MiB per read.
 */
public final class StreamFileSender {

    static final int COPY_BUFFER_BYTES = 1 << 20;

    private StreamFileSender() {
    }

    /** Sends {@code file} from its start to its end (the end it has while it is sent). */
    public static void send(FileChannel file, OutputStream out) throws IOException {
        long position = 0;
        if (out instanceof FileOutputStream descriptor) {
            // not closed: it is stdout's descriptor, which the caller still flushes and owns
            FileChannel target = descriptor.getChannel();
            long n;
            // transferTo stops at the file's end; 0 also when a non-blocking target takes nothing,
            // which the copy below then finishes as a plain write would
            while ((n = file.transferTo(position, Long.MAX_VALUE - position, target)) > 0) {
                position += n;
            }
            if (position == file.size()) {
                return;
            }
        }
        file.position(position);
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER_BYTES);
        while (file.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
