package org.btrfssendbackup.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountingHashingOutputStreamTest {

    /** Known SHA-256 values (FIPS 180-2 examples and the empty string). */
    @ParameterizedTest
    @CsvSource({
            "'', e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq, "
                    + "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    })
    void countsAndHashesWhatPassesThrough(String text, String sha256) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (CountingHashingOutputStream out = new CountingHashingOutputStream(target)) {
            if (bytes.length > 0) {
                out.write(bytes[0]); // the single-byte path too
                out.write(bytes, 1, bytes.length - 1);
            }
            out.close();
            assertThat(out.bytes()).isEqualTo(bytes.length);
            assertThat(out.sha256Hex()).isEqualTo(sha256).isEqualTo(out.sha256Hex());
        }
        assertThat(target.toByteArray()).isEqualTo(bytes);
    }
}
