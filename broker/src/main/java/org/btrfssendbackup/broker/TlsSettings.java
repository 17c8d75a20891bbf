package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Server side TLS for the TCP acceptor: a key store and the root-owned file holding its
 * password (read at start-up through {@link PasswordFile}, never stored in settings).
 */
public record TlsSettings(Path keyStore, Path keyStorePasswordFile, String keyStoreType) {

    public TlsSettings {
        Objects.requireNonNull(keyStore, "TLS settings: key store");
        Objects.requireNonNull(keyStorePasswordFile, "TLS settings: key store password file");
        if (keyStoreType == null || !keyStoreType.matches("PKCS12|JKS")) {
            throw new IllegalArgumentException("TLS settings: key store type must be PKCS12 or JKS, got " + keyStoreType);
        }
    }
}
