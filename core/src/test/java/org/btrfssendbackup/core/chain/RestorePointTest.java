package org.btrfssendbackup.core.chain;

import org.btrfssendbackup.core.layout.StreamKind;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestorePointTest {

    @ParameterizedTest(name = "{0} {1} parent={2}: {3}")
    @CsvSource(nullValues = "null", value = {
        "'  ', FULL, null, name must not be blank",
        "s1, FULL, s0, a full stream has no parent",
        "s1, INCR, null, needs a parent",
        "s1, INCR, '', needs a parent",
        "s1, INCR, s1, cannot be its own parent",
    })
    void invalidPointsAreRefused(String name, StreamKind kind, String parent, String message) {
        assertThatThrownBy(() -> new RestorePoint(name, Instant.EPOCH, kind, parent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
