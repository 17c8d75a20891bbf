package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The one reader of the {@code version} reply, on the lines receivers write and wrote. */
class VersionReplyTest {

    /** Test code only: product code passes messages.JsonFormats.line() or the event mapper. */
    private static final ObjectMapper LINE = new ObjectMapper();

    @Test
    void readsWhatThisReceiverWrites() throws IOException {
        VersionReply reply = VersionReply.parse("{\"status\":\"ok\",\"program\":\"btrfs-send-backup receiver\","
                + "\"protocol\":1,\"commands\":[\"version\",\"put-stream\",\"list\",\"get-stream\",\"open-luks\","
                + "\"receive\",\"prune-received\",\"close-luks\",\"read-session\"],\"disabledCommands\":[],"
                + "\"putStreamOptions\":[\"compression=none|zstd\"],\"freeBytes\":123456}\n", LINE);
        assertThat(reply.protocol()).isEqualTo(OptionalInt.of(ReceiverProtocol.VERSION));
        assertThat(reply.commands()).containsExactlyElementsOf(ReceiverProtocol.ENABLED_COMMANDS);
        assertThat(reply.freeBytes()).isEqualTo(OptionalLong.of(123456));
    }

    @Test
    void anOlderReceiversShorterReplyStillReads() throws IOException {
        VersionReply reply = VersionReply.parse("chatter on stdout\n{\"status\":\"ok\",\"protocol\":1}\n\n", LINE);
        assertThat(reply.protocol()).isEqualTo(OptionalInt.of(1));
        assertThat(reply.freeBytes()).isEmpty();
        assertThat(VersionReply.parse("{}", LINE).protocol()).isEmpty();
        assertThat(VersionReply.parse("{}", LINE).commands()).isEmpty();
    }

    @Test
    void noReplyOrNoJsonObjectIsAnErrorQuotingTheLine() {
        assertThatThrownBy(() -> VersionReply.parse("\n \n", LINE)).isInstanceOf(IOException.class)
                .hasMessageContaining("printed no reply line");
        assertThatThrownBy(() -> VersionReply.parse("Permission denied", LINE)).isInstanceOf(IOException.class)
                .hasMessageContaining("not JSON: Permission denied");
        assertThatThrownBy(() -> VersionReply.parse("[1]", LINE)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON object: [1]");
    }
}
