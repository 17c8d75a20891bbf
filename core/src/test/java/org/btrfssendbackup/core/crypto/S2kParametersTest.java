package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.btrfssendbackup.core.crypto.FastDecryption.S2kParameters;
import org.junit.jupiter.api.Test;

/** S2kParameters' equals and hashCode are written by hand (start-up); they keep a record's meaning. */
class S2kParametersTest {
    private static final S2kParameters KEY = new S2kParameters(32, "SHA-256", 0x0102030405060708L, 0xFF);

    @Test
    void equalComponentsMakeEqualKeysWithEqualHashes() {
        S2kParameters same = new S2kParameters(32, new String("SHA-256"), 0x0102030405060708L, 0xFF);
        assertThat(same).isEqualTo(KEY).hasSameHashCodeAs(KEY);
    }

    @Test
    void anyDifferingComponentMakesADifferentKey() {
        List<S2kParameters> others = List.of(
                new S2kParameters(16, "SHA-256", 0x0102030405060708L, 0xFF),
                new S2kParameters(32, "SHA-1", 0x0102030405060708L, 0xFF),
                new S2kParameters(32, "SHA-256", 0x0102030405060709L, 0xFF),
                new S2kParameters(32, "SHA-256", 0x0102030405060708L, 0x60));
        assertThat(others).allSatisfy(other -> assertThat(other).isNotEqualTo(KEY));
        assertThat(KEY).isNotEqualTo(null).isNotEqualTo("SHA-256");
    }
}
