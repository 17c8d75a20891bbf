package org.btrfssendbackup.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.btrfssendbackup.core.stream.CompressionCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one compression type: config, manifest and protocol tokens, and what a producer can apply. */
class CompressionTest {

    @ParameterizedTest
    @CsvSource({"none, NONE", "zstd, ZSTD", "unknown, UNKNOWN"})
    void roundTripsThroughItsToken(String token, Compression compression) {
        assertThat(Compression.parse(token)).isEqualTo(compression);
        assertThat(compression.token()).isEqualTo(token);
        assertThat(compression).hasToString(token);
    }

    @ParameterizedTest
    @CsvSource({"ZSTD", "gzip", "''"})
    void anUnknownTokenIsRefusedNamingTheChoices(String token) {
        assertThatThrownBy(() -> Compression.parse(token))
                .hasMessageContaining("'" + token + "'")
                .hasMessageContaining("none, zstd or unknown");
    }

    @Test
    void aProducerAppliesEveryCompressionButUnknown() {
        assertThat(Compression.applicable()).containsExactly(Compression.NONE, Compression.ZSTD);
        for (Compression c : Compression.applicable()) {
            assertThat(CompressionCodec.applicable(c)).isSameAs(c);
        }
        assertThatThrownBy(() -> CompressionCodec.applicable(Compression.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compression unknown cannot be applied to a stream, expected one of [none, zstd]");
    }
}
