package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** read-session's framing: golden bytes both ways, exact bodies, truncation and over-long lines. */
class ReadSessionFramingTest {

    private static final ObjectMapper LINE = new ObjectMapper();
    private static final BackupSetName SET = BackupSetName.of("prod-srv/rootfs");
    private static final StreamFileName FILE = StreamFileName.parse("prod-srv-rootfs-20260131T020500Z.full.btrfs.gpg");

    @Test
    void requestLinesAreTheOneShotCommandLines() {
        assertThat(new String(ReadSessionFraming.request(new ReceiverCommand.GetStream(SET, FILE)), StandardCharsets.US_ASCII))
                .isEqualTo("get-stream prod-srv/rootfs prod-srv-rootfs-20260131T020500Z.full.btrfs.gpg\n");
        assertThat(ReadSessionFraming.request(new ReceiverCommand.ListSet(SET)))
                .isEqualTo("list prod-srv/rootfs\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ReadSessionFraming.request(new ReceiverCommand.Version())).isEqualTo("version\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ReadSessionFraming.request(new ReceiverCommand.PruneReceived(SET)))
                .hasMessageContaining("prune-received is not a read request");
        assertThatThrownBy(() -> ReadSessionFraming.request(new ReceiverCommand.ReadSession()))
                .hasMessageContaining("read-session is not a read request");
    }

    @Test
    void framedRepliesAreGoldenBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReadSessionFraming.writeHeader(out, new ReceiverCommand.ListSet(SET), 3);
        out.write("a\nb".getBytes(StandardCharsets.US_ASCII));
        ReadSessionFraming.writeHeader(out, new ReceiverCommand.GetStream(SET, FILE), 0);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(
                "{\"status\":\"ok\",\"command\":\"list\",\"bytes\":3}\na\nb"
                        + "{\"status\":\"ok\",\"command\":\"get-stream\",\"bytes\":0}\n");

        InputStream in = new ByteArrayInputStream(out.toByteArray());
        ReadSessionHeader first = ReadSessionHeader.parse(ReadSessionFraming.readLine(in, 1024, "h").orElseThrow(), LINE);
        assertThat(first).isEqualTo(new ReadSessionHeader("list", 3));
        InputStream body = ReadSessionFraming.body(in, first.bytes(), "list");
        assertThat(body.readAllBytes()).isEqualTo("a\nb".getBytes(StandardCharsets.US_ASCII));
        assertThat(ReadSessionFraming.complete(body)).isTrue();
        body.close();
        ReadSessionHeader second = ReadSessionHeader.parse(ReadSessionFraming.readLine(in, 1024, "h").orElseThrow(), LINE);
        assertThat(second).isEqualTo(new ReadSessionHeader("get-stream", 0));
        assertThat(ReadSessionFraming.body(in, 0, "get-stream").read()).isEqualTo(-1);
        assertThat(ReadSessionFraming.readLine(in, 1024, "h")).as("end of the session").isEmpty();
    }

    @Test
    void aBodyEndsAfterExactlyItsLengthAndLeavesTheRest() throws IOException {
        InputStream in = new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII));
        InputStream body = ReadSessionFraming.body(in, 4, "get-stream x");
        byte[] buffer = new byte[100];
        assertThat(body.read(buffer, 0, 100)).isEqualTo(4);
        assertThat(body.read(buffer, 0, 100)).isEqualTo(-1);
        assertThat(in.readAllBytes()).isEqualTo("456789".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void singleByteReadsStopAtTheLengthAndFailATruncationAsArrayReadsDo() throws IOException {
        InputStream in = new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.US_ASCII));
        InputStream body = ReadSessionFraming.body(in, 3, "list x");
        assertThat(new int[] {body.read(), body.read(), body.read(), body.read()}).containsExactly('0', '1', '2', -1);
        assertThat(ReadSessionFraming.complete(body)).isTrue();
        assertThat(in.read()).as("the next reply's first byte is left").isEqualTo('3');

        InputStream cut = ReadSessionFraming.body(new ByteArrayInputStream(new byte[] {(byte) 0xff}), 2, "get-stream y");
        assertThat(cut.read()).as("a byte, not a sign").isEqualTo(0xff);
        assertThatThrownBy(cut::read).isInstanceOf(IOException.class).hasMessage("get-stream y: truncated: 1 of 2 bytes arrived");
    }

    @Test
    void aShortBodyIsATruncationNamingBothCounts() throws IOException {
        InputStream body = ReadSessionFraming.body(new ByteArrayInputStream(new byte[5]), 8, "get-stream prod-srv/rootfs/F");
        assertThat(body.readNBytes(5)).hasSize(5);
        assertThat(ReadSessionFraming.complete(body)).isFalse();
        assertThatThrownBy(body::read).isInstanceOf(IOException.class)
                .hasMessage("get-stream prod-srv/rootfs/F: truncated: 5 of 8 bytes arrived");
    }

    @Test
    void linesEndAtNewlineAndNothingAfterIsConsumed() throws IOException {
        InputStream in = new ByteArrayInputStream("list a\nBODY".getBytes(StandardCharsets.US_ASCII));
        assertThat(ReadSessionFraming.readLine(in, 2048, "request")).contains("list a");
        assertThat(in.readAllBytes()).isEqualTo("BODY".getBytes(StandardCharsets.US_ASCII));
        assertThat(ReadSessionFraming.readLine(new ByteArrayInputStream(new byte[0]), 10, "request")).isEqualTo(Optional.empty());
        assertThat(ReadSessionFraming.readLine(new ByteArrayInputStream(new byte[] {(byte) 0xe9, '\n'}), 10, "r"))
                .as("a non-ASCII byte stays visible to the grammar").contains("\u00e9");
    }

    @Test
    void aLineCutByTheEndOfTheStreamOrTooLongFails() {
        assertThatThrownBy(() -> ReadSessionFraming.readLine(new ByteArrayInputStream("list a".getBytes(StandardCharsets.US_ASCII)),
                2048, "request 1")).isInstanceOf(IOException.class)
                .hasMessage("request 1: the stream ended inside a line after 6 bytes");
        assertThatThrownBy(() -> ReadSessionFraming.readLine(new ByteArrayInputStream("abcdef\n".getBytes(StandardCharsets.US_ASCII)),
                5, "request 1")).isInstanceOf(ReadSessionFraming.LineTooLongException.class)
                .hasMessage("request 1: line longer than 5 characters");
        assertThat(catchLength("abcde\n", 5)).as("exactly the limit is accepted").isEqualTo("abcde");
    }

    private static String catchLength(String text, int max) {
        try {
            return ReadSessionFraming.readLine(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), max, "r")
                    .orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"failed\",\"command\":\"list\",\"bytes\":1}", "{\"status\":\"ok\",\"bytes\":1}",
            "{\"status\":\"ok\",\"command\":\"list\"}", "{\"status\":\"ok\",\"command\":\"list\",\"bytes\":-1}",
            "{\"status\":\"ok\",\"command\":\"list\",\"bytes\":\"1\"}", "not json", "[1]"})
    void aBadHeaderIsRefused(String line) {
        assertThatThrownBy(() -> ReadSessionHeader.parse(line, LINE)).isInstanceOf(IOException.class)
                .hasMessageContaining("read-session");
    }
}
