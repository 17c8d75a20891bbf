package org.btrfssendbackup.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamFileSenderTest {

    private static final int B = StreamFileSender.COPY_BUFFER_BYTES;

    @TempDir
    Path tmp;

    private Path stored(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(tmp.resolve("stored-" + size), data);
    }

    /** To a descriptor the kernel copies: not one byte passes through the stream's write methods. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 3 * B + 17})
    void toADescriptorTheFileGoesWithoutAWriteThroughTheJvm(int size) throws IOException {
        Path file = stored(size);
        Path received = tmp.resolve("received");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileOutputStream out = new FileOutputStream(received.toFile()) {
                 @Override
                 public void write(byte[] b, int off, int len) {
                     throw new AssertionError("copied through the JVM");
                 }

                 @Override
                 public void write(int b) {
                     throw new AssertionError("copied through the JVM");
                 }
             }) {
            StreamFileSender.send(in, out, in.size(), "get-stream a/b/file");
        }
        assertThat(Files.mismatch(file, received)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, B - 1, B, B + 1, 3 * B + 17})
    void toAnyOtherStreamTheBytesAreCopied(int size) throws IOException {
        Path file = stored(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            StreamFileSender.send(in, out, in.size(), "get-stream a/b/file");
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }
}
