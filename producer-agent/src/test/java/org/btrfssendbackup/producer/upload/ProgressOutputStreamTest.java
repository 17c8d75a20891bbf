package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress updater writes at most one line per interval, whatever the number of writes. */
class ProgressOutputStreamTest {

    @Test
    void atMostOneLinePerIntervalAndTheBytesPassThrough() throws Exception {
        AtomicLong nanos = new AtomicLong(0);
        ByteArrayOutputStream transport = new ByteArrayOutputStream();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ProgressOutputStream progress = new ProgressOutputStream(transport,
                new PrintStream(terminal, true, StandardCharsets.UTF_8), OptionalLong.of(4_000_000), nanos::get,
                Duration.ofSeconds(1));

        for (int i = 0; i < 1000; i++) {
            progress.write(new byte[1000]);
            nanos.addAndGet(1_000_000); // 1000 writes of 1 kB over 1 s
        }
        progress.write(new byte[1000]);
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertThat(shown.split("\r", -1)).as(shown).hasSize(2);
        assertThat(shown).isEqualTo("\rsent 1.0 MB of ~4.0 MB (25%), 1.0 MB/s, ETA 0:00:03");

        nanos.addAndGet(999_000_000);
        progress.write(new byte[1000]);
        assertThat(terminal.toString(StandardCharsets.UTF_8).split("\r", -1)).as("still within the interval").hasSize(2);

        progress.finish();
        assertThat(terminal.toString(StandardCharsets.UTF_8)).endsWith("\rsent 1.0 MB, 0.5 MB/s" + System.lineSeparator());
        assertThat(transport.size()).isEqualTo(1_002_000);
    }
}
