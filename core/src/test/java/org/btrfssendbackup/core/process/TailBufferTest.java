package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBufferTest {

    @Test
    void keepsEverythingBelowCapacity() {
        TailBuffer b = new TailBuffer(10);
        b.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertThat(b.text()).isEqualTo("hello");
    }

    @Test
    void keepsOnlyTheTailAndSaysSo() {
        TailBuffer b = new TailBuffer(4);
        byte[] data = "abcdefghij".getBytes(StandardCharsets.UTF_8);
        b.write(data, 0, 3);
        b.write(data, 3, 7);
        assertThat(b.totalBytes()).isEqualTo(10);
        assertThat(b.text()).isEqualTo("[6 earlier bytes dropped]\nghij");
    }
}
