package org.btrfssendbackup.ops.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashingInputStreamTest {

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void drainHashesAndCountsTheRestOfTheFile() throws Exception {
        byte[] data = data(3 * HashingInputStream.DRAIN_BUFFER_BYTES + 17);
        try (HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data))) {
            assertThat(in.read(new byte[100])).isEqualTo(100);
            assertThat(in.drain()).isEqualTo(data.length - 100);
            assertThat(in.bytes()).isEqualTo(data.length);
            assertThat(in.sha256Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        }
    }

    /** verify hashes every stored file with drain: a MiB per read, not 8 KiB (half verify's time went to calls). */
    @Test
    void drainReadsAMibAtATime() throws IOException {
        List<Integer> lengths = new ArrayList<>();
        ByteArrayInputStream file = new ByteArrayInputStream(data(2 * HashingInputStream.DRAIN_BUFFER_BYTES)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                lengths.add(len);
                return super.read(b, off, len);
            }
        };
        try (HashingInputStream in = new HashingInputStream(file)) {
            in.drain();
        }
        assertThat(lengths).first().isEqualTo(HashingInputStream.DRAIN_BUFFER_BYTES);
    }
}
