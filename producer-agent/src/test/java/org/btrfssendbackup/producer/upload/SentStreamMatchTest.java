package org.btrfssendbackup.producer.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one comparison behind both transports' reply checks: the first difference, worded once. */
class SentStreamMatchTest {

    private static final SnapshotName A = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
    private static final SnapshotName B = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
    private static final String SHA = "ab".repeat(32);
    private static final String OTHER = "cd".repeat(32);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "same                    | A | 80 | ab | ''",
            "other snapshot first    | B | 79 | cd | the receiver confirmed snapshot prod-srv-rootfs-20260302T020500Z",
            "byte count before sha   | A | 79 | cd | sent 80 bytes but the receiver stored 79",
            "sha256                  | A | 80 | cd | sha256 sent " + "abababababababababababababababababababababababababababababababab"
                    + " but the receiver stored cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"})
    void theFirstDifferenceIsNamedWithBothValues(String name, String snapshot, long bytes, String sha, String expected) {
        Optional<String> difference = SentStreamMatch.difference(A, 80, SHA, snapshot.equals("A") ? A : B, bytes,
                sha.equals("ab") ? SHA : OTHER, "stored");

        assertThat(difference.orElse("")).isEqualTo(expected);
    }
}
