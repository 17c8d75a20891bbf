package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartialBodyOutputStreamTest {
    private static final int BITS = 9; // 512-byte chunks: the smallest RFC 4880 allows

    static byte[] frame(byte[] body, int bits, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xCB);
        try (PartialBodyOutputStream partial = new PartialBodyOutputStream(out, bits)) {
            for (int at = 0; at < body.length; at += writeSize) {
                if (writeSize == 1) {
                    partial.write(body[at]);
                } else {
                    partial.write(body, at, Math.min(writeSize, body.length - at));
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Full chunks are partial; the rest gets an ordinary length, 0 right after a full chunk. */
    @ParameterizedTest
    @CsvSource({"0, 0, 0", "1, 0, 1", "511, 0, 511", "512, 1, 0", "513, 1, 1", "1024, 2, 0", "1500, 2, 476"})
    void fullChunksArePartialAndTheRestIsFinal(int size, int partialChunks, long finalLength) throws IOException {
        PacketFraming packet = PacketFraming.parse(frame(random(size), BITS, 100)).get(0);
        assertThat(packet.tag()).isEqualTo(11);
        assertThat(packet.partialLengths()).isEqualTo(Collections.nCopies(partialChunks, 512L));
        assertThat(packet.finalLength()).isEqualTo(finalLength);
        assertThat(packet.body()).isEqualTo(random(size));
    }

    /** One-, two- and five-octet final lengths (RFC 4880 4.2.2.1-3) at their edges. */
    @ParameterizedTest
    @CsvSource({"191, 1", "192, 2", "8383, 2", "8384, 5", "100000, 5"})
    void finalLengthUsesTheShortestEncoding(int size, int octets) throws IOException {
        byte[] framed = frame(random(size), 20, 4096);
        assertThat(framed.length).isEqualTo(1 + octets + size);
        PacketFraming packet = PacketFraming.parse(framed).get(0);
        assertThat(packet.chunkLengths()).isEqualTo(List.of((long) size));
        assertThat(packet.body()).isEqualTo(random(size));
    }

    @Property(tries = 200)
    void anyBodyAndWriteSizesFrameLosslessly(@ForAll @IntRange(max = 5000) int size,
            @ForAll @IntRange(min = 1, max = 1200) int writeSize) throws IOException {
        byte[] body = random(size);
        PacketFraming packet = PacketFraming.parse(frame(body, BITS, writeSize)).get(0);
        assertThat(packet.body()).isEqualTo(body);
        assertThat(packet.partialLengths()).allMatch(length -> length == 512L);
        assertThat(packet.finalLength()).isLessThan(512L);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 31, -1})
    void refusesChunkSizesRfc4880Forbids(int bits) {
        assertThatThrownBy(() -> new PartialBodyOutputStream(new ByteArrayOutputStream(), bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^" + bits);
    }
}
