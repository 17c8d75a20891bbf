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
}
