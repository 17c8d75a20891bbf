package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    @Property(tries = 50)
    void deliversEveryByteInOrder(@ForAll @IntRange(max = 20_000) int size,
            @ForAll @IntRange(min = 1, max = 3000) int writeSize) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ChunkPipe pipe = new ChunkPipe(2, 1024);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.writer()) {
                for (int at = 0; at < size; at += writeSize) {
                    if (writeSize == 1) {
                        out.write(data[at]);
                    } else {
                        out.write(data, at, Math.min(writeSize, size - at));
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        pipe.drainTo(received);
        writer.get();
        assertThat(received.toByteArray()).isEqualTo(data);
    }

    /** A failing stage closes its streams while failing: that must not read as a normal end. */
    @Test
    void closingTheWriterAfterAFailureStillReportsTheFailure() throws IOException {
        ChunkPipe pipe = new ChunkPipe(2, 1024);
        OutputStream writer = pipe.writer();
        writer.write(new byte[100]);
        pipe.fail(new IOException("btrfs send died"));
        writer.close();
        assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class).hasMessageContaining("btrfs send died");
        assertThatThrownBy(() -> pipe.drainTo(OutputStream.nullOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("btrfs send died");
    }

    /** The receiver's file writer: the disk fails, and the upload's reader must neither hang nor go on unaware. */
    @Test
    void aFailedReaderIsThrownToTheWriterWhichNeverWaitsOnIt() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2, 1024);
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                pipe.drainUntilEnd(failing);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        OutputStream writer = pipe.writer();
        // far more than the pipe holds: the reader drops chunks after its failure
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                writer.write(new byte[1000]);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        writer.close();
        assertThat(reader.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
    }

    @Test
    void drainUntilEndDeliversLikeDrainToAndReportsTheWritersFailure() throws Exception {
        ChunkPipe pipe = new ChunkPipe(2, 4);
        OutputStream writer = pipe.writer();
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                pipe.drainUntilEnd(received);
            } catch (IOException e) {
                return ("failed: " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            return received.toByteArray();
        });
        writer.write("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        pipe.fail(new IOException("upload abandoned"));
        assertThat(new String(reader.get(10, java.util.concurrent.TimeUnit.SECONDS),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("failed: upload abandoned");
    }

    @Test
    void refusesAPipeWithoutChunks() {
        assertThatThrownBy(() -> new ChunkPipe(0, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 x 1024 bytes");
    }
}
