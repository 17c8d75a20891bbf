package org.btrfssendbackup.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A layer that works in its array read sees every byte, also those read one at a time. */
class ArrayReadInputStreamTest {

    /** Counts the bytes its array read passed on: the work a real layer (hash, watch) does there. */
    private static final class CountingLayer extends ArrayReadInputStream {
        long seen;

        CountingLayer(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                seen += n;
            }
            return n;
        }
    }

    @Test
    void oneByteReadsGoThroughTheArrayReadAndKeepByteValuesAndTheEnd() throws IOException {
        CountingLayer layer = new CountingLayer(new ByteArrayInputStream(new byte[] {(byte) 0xff, 0, 7}));
        assertThat(layer.read()).isEqualTo(255);
        assertThat(layer.read()).isEqualTo(0);
        assertThat(layer.read(new byte[4], 0, 4)).isEqualTo(1);
        assertThat(layer.read()).isEqualTo(-1);
        assertThat(layer.seen).isEqualTo(3);
    }
}
