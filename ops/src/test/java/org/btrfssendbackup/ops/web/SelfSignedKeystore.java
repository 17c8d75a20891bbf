package org.btrfssendbackup.ops.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessRunner;

/**
 * A PKCS12 keystore with a self-signed certificate for 127.0.0.1 and localhost, made by the
 * running JDK's keytool as an operator would make one (README, "The web console over TLS").
 * The password is in a file that keytool reads ({@code -storepass:file}), never in argv.
 */
record SelfSignedKeystore(Path keystore, Path passwordFile) {

    static final String ALIAS = "btrfs-backup-web";

    /** keytool's argv: an EC P-256 key (quick to make), valid two days, names the web console is reached by. */
    static List<String> argv(Path keytool, Path keystore, Path passwordFile) {
        return List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:file", passwordFile.toString());
    }

    static Path keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    static SelfSignedKeystore create(ProcessRunner runner, Path directory, String password) throws IOException {
        Path passwordFile = directory.resolve("web-tls.password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Path keystore = directory.resolve("web.p12");
        runner.run(CommandLine.of(argv(keytool(), keystore, passwordFile)).describedAs("make the web console's keystore")
                .withTimeout(Duration.ofSeconds(60)));
        return new SelfSignedKeystore(keystore, passwordFile);
    }

    /** A client context that trusts this keystore's certificate and nothing else. */
    SSLContext trustingContext() throws IOException, GeneralSecurityException {
        char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, password);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, server.getCertificate(ALIAS));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
