package org.btrfssendbackup.ops.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark's data set as files: design.md section 10's "half random, half text", as
 * alternating 8 MiB files of random bytes (like media or already-compressed files) and of
 * {@link EnglishLikeText} (like logs, sources, documents). Deterministic, so runs compare.
 */
final class DataSet {

    static final long FILE_BYTES = 8L << 20;

    private DataSet() {
    }

    /** Writes {@code size} bytes of files into {@code dir} (created), 16 files per subdirectory. */
    static void write(Path dir, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(20260301L);
        EnglishLikeText text = new EnglishLikeText(1859L);
        byte[] block = new byte[1 << 20];
        long left = size;
        for (int i = 0; left > 0; i++) {
            long bytes = Math.min(FILE_BYTES, left);
            Path subdir = Files.createDirectories(dir.resolve(String.format("d%03d", i / 16)));
            boolean isText = i % 2 == 1;
            Path file = subdir.resolve(String.format(isText ? "text-%04d.txt" : "random-%04d.bin", i));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                if (isText) {
                    text.write(out, bytes);
                } else {
                    for (long written = 0; written < bytes; written += block.length) {
                        random.nextBytes(block);
                        out.write(block, 0, (int) Math.min(block.length, bytes - written));
                    }
                }
            }
            left -= bytes;
        }
    }
}
