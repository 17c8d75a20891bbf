package org.btrfssendbackup.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Starts the JDK's cryptography on a background thread, for a command that will decrypt or hash
 * gigabytes soon (restore, verify). Two costs of a cold JVM move off the command's path:
 * <ul>
 *   <li>The first {@link Cipher} of a JVM initializes JCE: it reads the crypto policy files, loads
 *       the security providers in order until SunJCE, and makes an {@code http:} URL, whose
 *       handler lookup searches every jar of the class path for URL handler providers (0.1-0.2 s
 *       on the console's class path).</li>
 *   <li>SHA-256, SHA-1 and AES run on the CPU's instructions only in code C2 compiled. Hashed a
 *       megabyte or more per call (the S2K, verify, the MDC), the JDK's multi-block loop is
 *       called too rarely to be compiled soon, so the first tens of megabytes go through
 *       interpreted and C1 code: the S2K's 65 MB took 0.10-0.18 s on a cold JVM and 0.045 s on a
 *       warm one. A few thousand one-block calls here get those loops compiled first.</li>
 * </ul>
 * A command that only hashes (verify without the passphrase) takes {@link #hashingInBackground}:
 * JCE's start-up and the SHA-1 and AES calls would only take CPU from its main thread on a
 * 2-core host, and SHA-256's compilation would come later behind them.
 */
public final class CryptoWarmUp {
    /** One-block calls per primitive: past C2's invocation threshold (5,000 with tiered compilation). */
    static final int CALLS = 20_000;
    private static final int BLOCK_BYTES = 64;

    private CryptoWarmUp() {
    }

    /** Returns at once; the daemon thread ends when done (a failure is ignored: the real use reports it). */
    public static Thread inBackground() {
        return started(CryptoWarmUp::warmUp);
    }

    /** SHA-256 only, without JCE's start-up: for a command that hashes and never decrypts. */
    public static Thread hashingInBackground() {
        return started(CryptoWarmUp::warmUpSha256);
    }

    private static Thread started(Runnable warmUp) {
        Thread thread = new Thread(warmUp, "crypto-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    /**
     * SHA-256 first: a restore's first need is the S2K's 65 MB of SHA-256, right after the
     * listing; JCE's start-up (0.1-0.2 s) and AES and SHA-1 (the stream, after the S2K) follow.
     * Started with JCE first, SHA-256 was compiled only after the first S2K had begun (a cold
     * S2K: 0.10-0.11 CPU s; SHA-256 first, started 0.1 s before it: 0.05-0.07).
     */
    static void warmUp() {
        warmUpSha256();
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[32], "AES"));
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] block = new byte[BLOCK_BYTES];
            byte[] out = new byte[BLOCK_BYTES];
            for (int i = 0; i < CALLS; i++) {
                sha1.update(block, 0, BLOCK_BYTES);
                ecb.update(block, 0, BLOCK_BYTES, out, 0);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // the decryption or the hashing asks again and reports what is wrong, with its file
        }
    }

    static void warmUpSha256() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[BLOCK_BYTES];
            for (int i = 0; i < CALLS; i++) {
                sha256.update(block, 0, BLOCK_BYTES);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // the hashing asks again and reports what is wrong, with its file
        }
    }
}
