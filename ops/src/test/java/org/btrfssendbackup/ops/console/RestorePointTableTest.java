package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RestorePointTableTest {

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "12345678, 11.8 MiB",
        "3500000000, 3.3 GiB", "1099511627776, 1.0 TiB", "9223372036854775807, 8.0 EiB"})
    void sizesInBinaryUnitsWithOneDecimal(long bytes, String text) {
        assertThat(PayloadSummary.bytes(bytes)).isEqualTo(text);
    }

    @Test
    void columnsAlignAndSizesAreRightAligned() {
        Instant t = Instant.parse("2026-03-01T02:05:00Z");
        List<String> lines = RestorePointTable.lines(List.of(
                new RestorePointRow("h", "h/a", "h-a-20260301T020500Z", "full", null, 512L, t),
                new RestorePointRow("host2", "host2/b", "host2-b-20260301T020500Z", "incremental", "host2-b-20260228T020500Z",
                        2048L, t)));

        assertThat(lines).containsExactly(
                "HOST   SET      SNAPSHOT                  KIND         PARENT                       SIZE  TIME",
                "h      h/a      h-a-20260301T020500Z      full         -                           512 B  2026-03-01T02:05:00Z",
                "host2  host2/b  host2-b-20260301T020500Z  incremental  host2-b-20260228T020500Z  2.0 KiB  2026-03-01T02:05:00Z");
    }
}
