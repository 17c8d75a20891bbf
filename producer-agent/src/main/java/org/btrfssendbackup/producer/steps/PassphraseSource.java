package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import org.btrfssendbackup.core.crypto.Passphrase;

/** Opens the stream passphrase for one send; the caller closes (wipes) it. */
@FunctionalInterface
public interface PassphraseSource {
    Passphrase open() throws IOException;
}
