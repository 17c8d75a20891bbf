package org.btrfssendbackup.ops.deploy;

import java.security.MessageDigest;

/**
 * Run in a child JVM by {@link ProducerCompilerDirectivesTest}: makes SHA-256 (the crypto path)
 * and {@link #mix} (any other code) hot enough for C2, so that -XX:+PrintCompilation shows which
 * of them the producer's compiler directives leave to C2.
 */
public final class CompilerDirectivesProbe {

    private CompilerDirectivesProbe() {
    }

    public static void main(String[] args) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] data = new byte[1 << 16];
        long acc = 0;
        for (int i = 0; i < 2_000; i++) {
            data[i & 0xffff] = (byte) i;
            sha256.update(data);
            for (int j = 0; j < 200; j++) {
                acc = mix(acc, i * 200L + j);
            }
        }
        // both results are used, so neither loop is dead code
        System.out.println(acc != 0 && sha256.digest().length == 32 ? "probe done" : "probe failed");
    }

    static long mix(long acc, long value) {
        long x = acc ^ (value * 0x9E3779B97F4A7C15L);
        return Long.rotateLeft(x, 17) + (x >>> 29);
    }
}
