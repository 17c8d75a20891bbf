package org.btrfssendbackup.receiver;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Byte streams with the framing of {@code gpg --symmetric} output (an old-format SKESK packet,
 * then a new-format SEIPD packet in partial-length chunks), filled with seeded random bytes
 * behind the header octets the framing check reads (SKESK 4 with AES-256 and S2K 3/SHA-256, SEIPD 1).
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
        // SKESK version 4, AES-256, iterated and salted S2K with SHA-256 (random salt and count)
        skesk[0] = 4;
        skesk[1] = 9;
        skesk[2] = 3;
        skesk[3] = 8;
        out.write(0x8c);
        out.write(skesk.length);
        out.writeBytes(skesk);
        out.write(0xd2);
        byte[] body = randomBytes(random, bodyBytes);
        if (bodyBytes > 0) {
            body[0] = 1; // SEIPD version
        }
        int at = 0;
        int left = bodyBytes;
        while (left >= 4096) {
            out.write(0xe0 | 12);
            out.write(body, at, 4096);
            at += 4096;
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
        out.write(body, at, left);
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
