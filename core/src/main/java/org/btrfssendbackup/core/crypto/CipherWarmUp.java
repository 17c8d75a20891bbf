package org.btrfssendbackup.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;

/**
 * Starts the JDK's cryptography on a background thread, for a command that will decrypt soon.
 * The first {@link Cipher} of a JVM initializes JCE: it reads the crypto policy files, loads the
 * security providers in order until SunJCE, and makes an {@code http:} URL, whose handler lookup
 * searches every jar of the class path for URL handler providers. On the console's class path
 * that is 0.1-0.2 s on a JVM that has compiled nothing yet; begun at start, it runs while the
 * restore parses its options, lists the manifests and checks the target, instead of after.
 */
public final class CipherWarmUp {

    private CipherWarmUp() {
    }

    /** Returns at once; the daemon thread ends when JCE is up (or could not be: then the restore says why). */
    public static Thread inBackground() {
        Thread thread = new Thread(CipherWarmUp::warmUp, "cipher-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void warmUp() {
        try {
            Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            MessageDigest.getInstance("SHA-1");
            MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException | RuntimeException e) {
            // the decryption asks again and reports what is wrong, with the file it was reading
        }
    }
}
