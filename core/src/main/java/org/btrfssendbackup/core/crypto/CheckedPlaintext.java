package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.btrfssendbackup.core.io.OneByteRead;

/**
 * The plaintext of one decrypted message, read from its literal data: the integrity check (MDC)
 * passes before the end is reported, and every read failure is an {@link IntegrityException}
 * naming the source. Bouncy Castle's path and the fast decryptor differ only in where the
 * literal data comes from and how the MDC is checked; the checked read exists once, here.
 */
abstract class CheckedPlaintext extends InputStream {

    protected final String source;
    private boolean verified;

    protected CheckedPlaintext(String source) {
        this.source = source;
    }

    /** The literal data's content. */
    protected abstract InputStream literal();

    /** At the end of the literal data: throws an {@link IntegrityException} unless the MDC holds. */
    protected abstract void verifyIntegrity() throws IOException;

    @Override
    public final int read() throws IOException {
        return OneByteRead.through(this);
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (verified) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = literal().read(b, off, len);
        } catch (IntegrityException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw truncatedOrCorrupt(e);
        }
        if (n < 0) {
            verifyIntegrity();
            verified = true;
            return -1;
        }
        return n;
    }

    /** A read or check that failed for a reason other than the MDC: cut or damaged ciphertext. */
    protected final IntegrityException truncatedOrCorrupt(Exception e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IntegrityException(source, "ciphertext is truncated or corrupt: " + what, e);
    }
}
