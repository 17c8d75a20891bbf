package org.btrfssendbackup.receiver;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Byte streams with the framing of {@code gpg --symmetric} output (an old-format SKESK packet,
 * then a new-format SEIPD packet in partial-length chunks), filled with seeded random bytes.
 * Real gpg output is used in the SSH end-to-end test; this keeps unit tests independent.
 */
public final class TestStreams {

    private TestStreams() {
    }

    public static byte[] encryptedLike(int bodyBytes, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] skesk = new byte[13];
        random.nextBytes(skesk);
        out.write(0x8c);
        out.write(skesk.length);
        out.writeBytes(skesk);
        out.write(0xd2);
        int left = bodyBytes;
        while (left >= 4096) {
            out.write(0xe0 | 12);
            out.writeBytes(randomBytes(random, 4096));
            left -= 4096;
        }
        if (left < 192) {
            out.write(left);
        } else if (left < 8384) {
            out.write(((left - 192) >> 8) + 192);
            out.write((left - 192) & 0xff);
        } else {
            out.write(255);
            out.write(left >>> 24);
            out.write(left >>> 16);
            out.write(left >>> 8);
            out.write(left);
        }
        out.writeBytes(randomBytes(random, left));
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
