package org.btrfssendbackup.broker;

import java.nio.file.Path;

/**
 * Where the hub's TLS files live: the acceptor's key store and its password file (from
 * BROKER_TLS_KEYSTORE and BROKER_TLS_KEYSTORE_PASSWORD_FILE, else beside the config file under
 * the names broker.conf.example uses), and beside the key store the public files clients copy:
 * the trust store (no password: it holds only the certificate) and the same certificate as PEM.
 */
public record HubTlsFiles(Path keyStore, Path keyStorePasswordFile, Path trustStore, Path certificate) {

    public static final String KEY_STORE_NAME = "broker-keystore.p12";
    public static final String KEY_STORE_PASSWORD_NAME = "broker-keystore.password";
    public static final String TRUST_STORE_NAME = "broker-truststore.p12";
    public static final String CERTIFICATE_NAME = "broker-ca.pem";

    /** The files for the broker configured by {@code configFile} (read into {@code settings}). */
    public static HubTlsFiles of(BrokerSettings settings, Path configFile) {
        Path configDirectory = configFile.toAbsolutePath().getParent();
        TlsSettings tls = settings.tcp().flatMap(TcpAcceptorSettings::tlsSettings).orElse(null);
        Path keyStore = tls != null ? tls.keyStore() : configDirectory.resolve(KEY_STORE_NAME);
        Path passwordFile = tls != null ? tls.keyStorePasswordFile() : configDirectory.resolve(KEY_STORE_PASSWORD_NAME);
        return new HubTlsFiles(keyStore, passwordFile, keyStore.resolveSibling(TRUST_STORE_NAME),
                keyStore.resolveSibling(CERTIFICATE_NAME));
    }
}
