package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15, item 1, through the receiver's own entry: plaintext behind an OpenPGP header that
 * the framing check used to wave through is refused as a security event, and nothing of it is
 * stored (no stream file, no manifest, nothing that {@code list} reports).
 */
class PlaintextUploadTest {

    static final String SET = "prod-srv/rootfs";
    static final String SNAPSHOT = "prod-srv-rootfs-20260131T020500Z";
    static final String PLAINTEXT = "btrfs-stream: secret plaintext that must not be stored\n".repeat(100);

    @TempDir
    Path root;
    ReceiverHarness receiver;

    @BeforeEach
    void setUp() {
        receiver = new ReceiverHarness(root);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "old-format tag 9, one length octet             | a4 | type 9",
        "old-format tag 9, indeterminate length          | a7 | type 9",
        "session key, then old-format tag 9 indeterminate | 8c0d 0409 0302 0102030405060708 ff a7 | type 9",
        "old-format session key of indeterminate length   | 8f | indeterminate length",
        "session key, complete SEIPD, plaintext after it  | 8c0d 0409 0302 0102030405060708 ff d20501aabbccdd | data follows",
    })
    void plaintextBehindAnOpenPgpHeaderIsRefusedAndNothingIsStored(String what, String header, String reason)
            throws IOException {
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        upload.writeBytes(HexFormat.of().parseHex(header.replace(" ", "")));
        upload.writeBytes(PLAINTEXT.getBytes(StandardCharsets.US_ASCII));

        ReceiverHarness.Outcome outcome = receiver.run("put-stream " + SET + " " + SNAPSHOT + " full compression=zstd",
                upload.toByteArray());

        assertThat(outcome.status()).as(outcome.stderr()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(outcome.stderr()).contains(reason).doesNotContain("secret plaintext");
        assertThat(receiver.events.refused).singleElement().asString().startsWith("put-stream -> ").contains(reason);
        assertThat(receiver.events.received).isEmpty();
        assertThat(regularFilesUnder(root)).noneMatch(f -> f.contains(SNAPSHOT));
        assertThat(storedBytesContain(root, "secret plaintext")).isFalse();
        ReceiverHarness.Outcome list = receiver.run("list " + SET, new byte[0]);
        assertThat(list.out()).doesNotContain(SNAPSHOT);
    }

    static List<String> regularFilesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
        }
    }

    static boolean storedBytesContain(Path dir, String text) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
