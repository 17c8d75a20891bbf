package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.btrfssendbackup.core.crypto.IntegrityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decryption thread of the restore: bytes in order, its failure as thrown, and a stop on close. */
class BackgroundDecryptionTest {

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void passesEveryByteInOrder() throws IOException {
        byte[] data = random(3 * BackgroundDecryption.CHUNK_BYTES + 12345);
        try (InputStream in = BackgroundDecryption.of(new ByteArrayInputStream(data))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    /** A chunk per read, not transferTo's 8 KiB: each read of zstd or the decryptor has a fixed cost. */
    @Test
    void readsItsStageAChunkAtATime() throws IOException {
        java.util.List<Integer> lengths = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        InputStream stage = new ByteArrayInputStream(random(3 * BackgroundDecryption.CHUNK_BYTES)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                lengths.add(len);
                return super.read(b, off, len);
            }
        };
        try (InputStream in = BackgroundDecryption.decompression(stage)) {
            assertThat(in.readAllBytes()).hasSize(3 * BackgroundDecryption.CHUNK_BYTES);
        }
        assertThat(lengths).first().isEqualTo(BackgroundDecryption.CHUNK_BYTES);
    }

    /** LinkReceiver names a failed integrity check by its type: the thread must not wrap it. */
    @Test
    void theDecryptionsFailureReachesTheReaderAsThrown() throws IOException {
        byte[] data = random(5000);
        IntegrityException failure = new IntegrityException("f.gpg", "integrity check (MDC) failed", null);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        });
        try (InputStream in = BackgroundDecryption.of(failing)) {
            assertThatThrownBy(in::readAllBytes).isSameAs(failure);
        }
    }

    /** A reader that stops early (btrfs receive failed) must not leave the thread blocked on a full pipe. */
    @Test
    @Timeout(20)
    void closingEarlyStopsTheThread() throws Exception {
        Thread[] decryptThread = new Thread[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                decryptThread[0] = Thread.currentThread();
                return len;
            }
        };
        InputStream in = BackgroundDecryption.of(endless);
        assertThat(in.read(new byte[10])).isEqualTo(10);
        in.close();
        assertThat(decryptThread[0].getName()).isEqualTo("decode-decrypt");
        decryptThread[0].join(10_000);
        assertThat(decryptThread[0].isAlive()).isFalse();
    }
}
