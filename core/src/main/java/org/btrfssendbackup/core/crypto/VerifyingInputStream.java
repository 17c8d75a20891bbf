package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;

/**
 * The plaintext of one message as Bouncy Castle decrypts it (what the fast decryptor does not
 * take); its MDC is Bouncy Castle's check.
 */
final class VerifyingInputStream extends CheckedPlaintext {
    private final InputStream literal;
    private final PGPEncryptedData encrypted;
    private final InputStream ciphertext;

    VerifyingInputStream(InputStream literal, PGPEncryptedData encrypted, InputStream ciphertext, String source) {
        super(source);
        this.literal = literal;
        this.encrypted = encrypted;
        this.ciphertext = ciphertext;
    }

    @Override
    protected InputStream literal() {
        return literal;
    }

    @Override
    protected void verifyIntegrity() throws IntegrityException {
        boolean intact;
        try {
            intact = encrypted.verify();
        } catch (IOException | PGPException | RuntimeException e) {
            throw truncatedOrCorrupt(e);
        }
        if (!intact) {
            throw new IntegrityException(source,
                    "integrity check (MDC) failed: the file was altered or is not complete", null);
        }
    }

    @Override
    public void close() throws IOException {
        ciphertext.close();
    }
}
