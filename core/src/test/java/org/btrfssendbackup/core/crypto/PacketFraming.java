package org.btrfssendbackup.core.crypto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: splits new-format OpenPGP packets (RFC 4880 4.2.2) into their tags, body chunk
 * lengths and joined bodies, independently of the code under test, so tests can see where the
 * partial length boundaries fell.
 */
record PacketFraming(int tag, List<Long> chunkLengths, byte[] body) {

    /** The chunk lengths that were partial: all but the last. */
    List<Long> partialLengths() {
        return chunkLengths.subList(0, chunkLengths.size() - 1);
    }

    long finalLength() {
        return chunkLengths.get(chunkLengths.size() - 1);
    }

    static List<PacketFraming> parse(byte[] bytes) {
        List<PacketFraming> packets = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int ctb = bytes[at++] & 0xFF;
            if ((ctb & 0xC0) != 0xC0) {
                throw new IllegalArgumentException("not a new-format packet at " + (at - 1) + ": " + ctb);
            }
            List<Long> chunks = new ArrayList<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean partial;
            do {
                int first = bytes[at++] & 0xFF;
                long length;
                partial = false;
                if (first < 192) {
                    length = first;
                } else if (first < 224) {
                    length = ((first - 192) << 8) + (bytes[at++] & 0xFF) + 192;
                } else if (first < 255) {
                    length = 1L << (first & 0x1F);
                    partial = true;
                } else {
                    length = ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFFL) << 16)
                            | ((bytes[at + 2] & 0xFFL) << 8) | (bytes[at + 3] & 0xFFL);
                    at += 4;
                }
                chunks.add(length);
                body.write(bytes, at, (int) length);
                at += (int) length;
            } while (partial);
            packets.add(new PacketFraming(ctb & 0x3F, chunks, body.toByteArray()));
        }
        return packets;
    }
}
