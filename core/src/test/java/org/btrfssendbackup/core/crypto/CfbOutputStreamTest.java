package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CBC-derived CFB must be byte for byte the JDK's own AES/CFB (zero IV, no padding), which
 * the OpenPGP round trips in turn show gpg reads: for every length, key size and split of writes.
 */
class CfbOutputStreamTest {

    static byte[] reference(byte[] key, byte[] plain) throws GeneralSecurityException {
        Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding", "SunJCE");
        cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        return cfb.doFinal(plain);
    }

    static byte[] ours(byte[] key, byte[] plain, List<Integer> writeSizes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (CfbOutputStream cfb = new CfbOutputStream(sink, key)) {
            int at = 0;
            for (int i = 0; at < plain.length; i++) {
                int size = Math.min(writeSizes.get(i % writeSizes.size()), plain.length - at);
                if (size == 1) {
                    cfb.write(plain[at] & 0xFF);
                } else {
                    cfb.write(plain, at, size);
                }
                at += size;
            }
        }
        return sink.toByteArray();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Edges: empty, under a block, block multiples, cipher-call and slice edges, odd writes across all of them. */
    @ParameterizedTest
    @CsvSource({
        "32, 0, 7", "32, 1, 1", "32, 15, 4", "32, 16, 16", "32, 17, 16", "32, 31, 3", "32, 4096, 4096",
        "32, 65536, 65536", "32, 65537, 65536", "32, 200000, 70000", "32, 200000, 1", "16, 100003, 65552",
        "24, 777, 13", "32, 4112, 4112", "32, 8192, 4080", "32, 69632, 69632"})
    void matchesTheJdkCfb(int keyBytes, int size, int writeSize) throws Exception {
        byte[] key = random(keyBytes, keyBytes);
        byte[] plain = random(size, size);
        assertThat(ours(key, plain, List.of(writeSize))).isEqualTo(reference(key, plain));
    }

    @Property(tries = 200)
    void matchesTheJdkCfbForAnySplit(@ForAll @IntRange(min = 0, max = 300_000) int size,
                                     @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 140_000) Integer> writes,
                                     @ForAll boolean aes128) throws Exception {
        byte[] key = random(size + 1L, aes128 ? 16 : 32);
        byte[] plain = random(size, size);
        assertThat(ours(key, plain, writes)).isEqualTo(reference(key, plain));
    }

    @org.junit.jupiter.api.Test
    void writingAfterCloseIsRefused() throws IOException {
        CfbOutputStream cfb = new CfbOutputStream(new ByteArrayOutputStream(), new byte[32]);
        cfb.close();
        cfb.close(); // idempotent
        assertThatThrownBy(() -> cfb.write(new byte[3], 0, 3)).isInstanceOf(IOException.class)
                .hasMessageContaining("already finished");
    }

    /** Every length around the eight-byte steps, at offsets that differ in all three arrays. */
    @ParameterizedTest
    @CsvSource({"0, 0, 0, 0", "1, 3, 5, 7", "7, 0, 1, 2", "8, 1, 0, 3", "9, 5, 6, 7", "15, 2, 9, 4", "16, 0, 0, 0",
        "17, 1, 2, 3", "100, 7, 3, 11"})
    void xorMatchesTheByteLoop(int n, int aOff, int bOff, int outOff) {
        byte[] a = random(1, aOff + n);
        byte[] b = random(2, bOff + n);
        byte[] out = random(3, outOff + n + 5);
        byte[] expected = out.clone();
        for (int i = 0; i < n; i++) {
            expected[outOff + i] = (byte) (a[aOff + i] ^ b[bOff + i]);
        }
        CfbOutputStream.xor(a, aOff, b, bOff, out, outOff, n);
        assertThat(out).isEqualTo(expected); // including the bytes around it, untouched
    }
}
