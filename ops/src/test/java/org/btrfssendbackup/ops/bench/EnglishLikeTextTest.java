package org.btrfssendbackup.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnglishLikeTextTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 65_535, 65_536, 65_537, 1_000_003})
    void writesExactlyTheRequestedBytes(long size) throws IOException {
        assertThat(text(1, size)).hasSize((int) size);
    }

    @Test
    void isDeterministicPerSeed() throws IOException {
        assertThat(text(5, 200_000)).isEqualTo(text(5, 200_000)).isNotEqualTo(text(6, 200_000));
    }

    @Test
    void isPrintableProseWithSentences() throws IOException {
        String s = new String(text(1, 100_000), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(s.chars().allMatch(c -> c == '\n' || (c >= ' ' && c < 127))).isTrue();
        assertThat(s).contains(". ").contains(", ").contains("\n");
        assertThat(s.chars().filter(Character::isUpperCase).count()).isGreaterThan(500);
    }

    /** Like text: neither incompressible nor a repeated block (zstd -3 on real prose is about 3:1). */
    @Test
    void compressesLikeText() throws IOException {
        byte[] plain = text(1, 4 << 20);
        double ratio = (double) plain.length / Zstd.compress(plain, 3).length;
        assertThat(ratio).isBetween(2.0, 5.0);
    }

    private static byte[] text(long seed, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EnglishLikeText(seed).write(out, size);
        return out.toByteArray();
    }
}
