package org.btrfssendbackup.receiver.putstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.btrfssendbackup.receiver.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenPgpFramingTest {

    static void check(byte[] message, int chunk) throws OpenPgpFraming.FramingException {
        OpenPgpFraming framing = new OpenPgpFraming();
        for (int i = 0; i < message.length; i += chunk) {
            framing.update(message, i, Math.min(chunk, message.length - i));
        }
        framing.finish();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 512, 1 << 20})
    void acceptsCompleteMessagesWhateverTheChunking(int chunk) throws Exception {
        check(TestStreams.encryptedLike(100_000, 1), chunk);
        check(TestStreams.encryptedLike(0, 2), chunk);
        check(TestStreams.encryptedLike(191, 3), chunk);
        check(TestStreams.encryptedLike(8383, 4), chunk);
    }

    @Test
    void everyProperPrefixIsTruncated() {
        byte[] message = TestStreams.encryptedLike(5000, 5);
        int[] cuts = {0, 1, 2, 15, 16, 17, 18, 1000, 4096, message.length - 1};
        for (int cut : cuts) {
            assertThatThrownBy(() -> check(Arrays.copyOf(message, cut), 100))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e ->
                            assertThat(e.truncated).isTrue());
        }
    }

    @Test
    void refusesPlaintextAndUnencryptedPackets() {
        assertThatThrownBy(() -> check("btrfs-stream\0plain".getBytes(), 64))
                .isInstanceOfSatisfying(OpenPgpFraming.FramingException.class, e -> assertThat(e.truncated).isFalse())
                .hasMessageContaining("not an OpenPGP message");
        // a literal data packet (tag 11): unencrypted OpenPGP
        assertThatThrownBy(() -> check(new byte[] {(byte) 0xcb, 3, 'b', 0, 0}, 64))
                .hasMessageContaining("packet type 11");
        // a session key packet only, no encrypted data
        assertThatThrownBy(() -> check(new byte[] {(byte) 0x8c, 2, 4, 9}, 64))
                .hasMessageContaining("before any OpenPGP encrypted data");
    }
}
