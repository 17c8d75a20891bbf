package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.btrfssendbackup.core.manifest.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamMagicTest {

    @ParameterizedTest
    @CsvSource({
            "6274726673 2d73747265616d 00 0100, BTRFS_SEND",
            "28b52ffd 0400, ZSTD",
            "28b52ffd, ZSTD",
            "6274726673 2d73747265616d, ''", // "btrfs-stream" without its NUL: too short to tell
            "28b52f, ''",
            "'', ''",
            "8c0d 0409 0308, ''" // still encrypted
    })
    void detectsTheKindFromTheFirstBytes(String hex, String expected) throws IOException {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
        Optional<StreamMagic> want = expected.isEmpty() ? Optional.empty() : Optional.of(StreamMagic.valueOf(expected));

        assertThat(StreamMagic.detect(bytes, bytes.length)).isEqualTo(want);
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(bytes));
        assertThat(StreamMagic.peek(in)).isEqualTo(want);
        assertThat(in.readAllBytes()).as("peek must not consume").isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"BTRFS_SEND, NONE", "ZSTD, ZSTD"})
    void mapsToTheCompressionToUndo(StreamMagic magic, Compression compression) {
        assertThat(magic.compression()).isEqualTo(compression);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
