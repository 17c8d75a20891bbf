package org.btrfssendbackup.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The one chunk-filling loop: full chunks are handed on the moment they fill, the rest only when taken. */
class ChunkingOutputStreamTest {

    /** Records what it is handed; a fresh array for each chunk, as a pool would give. */
    private static final class Recording extends ChunkingOutputStream {
        final List<byte[]> full = new ArrayList<>();
        final ByteArrayOutputStream part = new ByteArrayOutputStream();

        @Override
        protected byte[] emptyChunk() {
            return new byte[4];
        }

        @Override
        protected void full(byte[] chunk) {
            full.add(chunk.clone());
        }

        @Override
        public void close() throws IOException {
            takePart((chunk, length) -> part.write(chunk == null ? new byte[0] : chunk, 0, length));
        }
    }

    @Property(tries = 100)
    void everyByteArrivesInOrderInFullChunksThenThePart(@ForAll @IntRange(max = 50) int size,
            @ForAll @IntRange(min = 1, max = 9) int writeSize) throws IOException {
        byte[] data = new byte[size];
        new Random(size * 31L + writeSize).nextBytes(data);
        Recording out = new Recording();
        for (int at = 0; at < size; at += writeSize) {
            if (writeSize == 1) {
                out.write(data[at]);
            } else {
                out.write(data, at, Math.min(writeSize, size - at));
            }
        }
        assertThat(out.full).hasSize(size / 4);
        out.close();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        out.full.forEach(all::writeBytes);
        all.writeBytes(out.part.toByteArray());
        assertThat(all.toByteArray()).isEqualTo(data);
        assertThat(out.part.size()).isEqualTo(size % 4);
    }

    @Test
    void aChunkIsHandedOnWhenItFillsNotOnTheNextWrite() throws IOException {
        Recording out = new Recording();
        out.write(new byte[] {1, 2, 3});
        assertThat(out.full).isEmpty();
        out.write(4);
        assertThat(out.full).containsExactly(new byte[] {1, 2, 3, 4});
    }

    @Test
    void thePartIsTakenOnce() throws IOException {
        Recording out = new Recording();
        out.write(new byte[] {7, 8});
        out.close();
        out.close();
        assertThat(out.part.toByteArray()).isEqualTo(new byte[] {7, 8});
        assertThat(out.full).isEmpty();
    }
}
