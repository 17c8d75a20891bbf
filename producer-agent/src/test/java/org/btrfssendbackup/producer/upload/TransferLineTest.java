package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The terminal's progress line: bytes, the expected total, rate and ETA. */
class TransferLineTest {

    @ParameterizedTest(name = "{0} bytes of {1} in {2} s")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
        // bytes       | expected     | seconds | line
        "0             | null         | 0       | sent 0 B, 0.0 MB/s",
        "512           | null         | 1       | sent 512 B, 0.0 MB/s",
        "150000000     | null         | 1       | sent 150.0 MB, 150.0 MB/s",
        "1200000000    | 3400000000   | 10      | sent 1.20 GB of ~3.40 GB (35%), 120.0 MB/s, ETA 0:00:18",
        "100000000     | 36100000000  | 100     | sent 100.0 MB of ~36.10 GB (0%), 1.0 MB/s, ETA 10:00:00",
        "3400000000    | 3400000000   | 20      | sent 3.40 GB of ~3.40 GB (100%), 170.0 MB/s, ETA 0:00:00",
        // the stream grew past the last one of its kind: no wrong total, no negative ETA
        "3500000000    | 3400000000   | 20      | sent 3.50 GB, 175.0 MB/s",
        "1000          | 0            | 1       | sent 1.0 kB, 0.0 MB/s"})
    void bytesTotalRateAndEta(long bytes, Long expected, long seconds, String line) {
        OptionalLong total = expected == null ? OptionalLong.empty() : OptionalLong.of(expected);
        assertThat(TransferLine.format(bytes, total, seconds * 1_000_000_000L)).isEqualTo(line);
    }
}
