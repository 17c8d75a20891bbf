package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our S2K against Bouncy Castle's, an independent implementation of RFC 4880 3.7.1.3. */
class IteratedSaltedS2kTest {
    private static final byte[] SALT = {1, 2, 3, 4, (byte) 0xF5, (byte) 0xF6, (byte) 0xF7, (byte) 0xF8};

    @ParameterizedTest
    @CsvSource({"0x00, 1024", "0x10, 2048", "0x60, 65536", "0x96, 720896", "0xFF, 65011712"})
    void decodesTheCountOctet(String octet, long count) {
        assertThat(IteratedSaltedS2k.decodeCount(Integer.decode(octet))).isEqualTo(count);
    }

    /** Includes a passphrase longer than the count: then salt and passphrase are hashed once. */
    @ParameterizedTest
    @CsvSource({"correct horse battery staple, 0xFF", "x, 0x00", "ünïcödé ✓, 0x60", "seven77, 0x01",
            "LONG, 0x00"})
    void derivesTheKeyBouncyCastleDerives(String secret, String octet) throws Exception {
        char[] passphrase = (secret.equals("LONG") ? "p".repeat(3000) : secret).toCharArray();
        int countOctet = Integer.decode(octet);
        byte[] expected = new JcePBEDataDecryptorFactoryBuilder(new JcaPGPDigestCalculatorProviderBuilder().build())
                .build(passphrase)
                .makeKeyFromPassPhrase(SymmetricKeyAlgorithmTags.AES_256,
                        S2K.saltedAndIteratedS2K(HashAlgorithmTags.SHA256, SALT, countOctet));
        assertThat(IteratedSaltedS2k.deriveKey(passphrase, SALT, countOctet)).isEqualTo(expected).hasSize(32);
    }

    @Test
    void aDerivationToldToStopGivesNoKeyAndStopsWithinABatch() {
        char[] passphrase = "correct horse battery staple".toCharArray();
        byte[] full = IteratedSaltedS2k.deriveKey(passphrase, SALT, 0xFF, "SHA-256", 32);
        assertThat(IteratedSaltedS2k.deriveKey(passphrase, SALT, 0xFF, "SHA-256", 32, () -> false)).isEqualTo(full);
        assertThat(IteratedSaltedS2k.deriveKey(passphrase, SALT, 0xFF, "SHA-256", 32, () -> true)).isNull();
        AtomicInteger asked = new AtomicInteger();
        assertThat(IteratedSaltedS2k.deriveKey(passphrase, SALT, 0xFF, "SHA-256", 32, () -> asked.incrementAndGet() > 10))
                .isNull();
        assertThat(asked).hasValue(11); // 65 MB are ~1,000 batches: it stopped at once, not at the end
    }

    @ParameterizedTest
    @CsvSource({"7", "9"})
    void refusesASaltThatIsNotEightBytes(int length) {
        assertThatThrownBy(() -> IteratedSaltedS2k.deriveKey("p".toCharArray(), new byte[length], 0xFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 bytes");
    }
}
