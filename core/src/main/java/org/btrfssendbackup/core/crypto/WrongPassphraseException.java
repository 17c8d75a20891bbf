package org.btrfssendbackup.core.crypto;

/** The passphrase does not open the file (key packet or OpenPGP quick check). */
public final class WrongPassphraseException extends DecryptionException {
    public WrongPassphraseException(String source, Throwable cause) {
        super(source, "wrong passphrase (check PASSPHRASE_FILE), or a damaged key packet", cause);
    }
}
