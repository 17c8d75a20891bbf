package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;
import org.btrfssendbackup.core.io.OneByteRead;

/**
 * The plaintext of one message; checks the MDC before it reports end-of-stream, and turns every
 * read failure into an {@link IntegrityException} naming the source.
 */
final class VerifyingInputStream extends InputStream {
    private final InputStream literal;
    private final PGPEncryptedData encrypted;
    private final InputStream ciphertext;
    private final String source;
    private boolean verified;

    VerifyingInputStream(InputStream literal, PGPEncryptedData encrypted, InputStream ciphertext, String source) {
        this.literal = literal;
        this.encrypted = encrypted;
        this.ciphertext = ciphertext;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        return OneByteRead.through(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = literal.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw new IntegrityException(source, "ciphertext is truncated or corrupt: " + describe(e), e);
        }
        if (n < 0) {
            verifyIntegrity();
            return -1;
        }
        return n;
    }

    private void verifyIntegrity() throws IntegrityException {
        boolean intact;
        try {
            intact = encrypted.verify();
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IntegrityException(source, "ciphertext is truncated or corrupt: " + describe(e), e);
        }
        if (!intact) {
            throw new IntegrityException(source,
                    "integrity check (MDC) failed: the file was altered or is not complete", null);
        }
        verified = true;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() throws IOException {
        ciphertext.close();
    }
}
