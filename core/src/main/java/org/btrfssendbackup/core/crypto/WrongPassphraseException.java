package org.btrfssendbackup.core.crypto;

/** The passphrase does not open the file's session key (the OpenPGP quick check failed). */
public final class WrongPassphraseException extends DecryptionException {
    public WrongPassphraseException(String source, Throwable cause) {
        super(source, "wrong passphrase (check PASSPHRASE_FILE)", cause);
    }
}
