package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.btrfssendbackup.core.process.CommandLine;

/**
 * Command lines for the JDK's keytool, which makes the hub's TLS key pair and the truststore
 * clients copy. Pure: builds argv, runs nothing. Passwords only ever as {@code -storepass:file}
 * (never on argv, never in the environment).
 */
public final class KeytoolArgs {

    /** A host name or IP address for the certificate's subjectAltName; never an option, never a comma. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:-]*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Generating an EC key takes well under a second; a keytool that hangs is a broken host. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private KeytoolArgs() {
    }

    /**
     * A PKCS12 key store holding a new EC (P-256) key pair with a self-signed certificate for
     * {@code hosts} (the first is the subject's CN, all are subjectAltNames).
     */
    public static CommandLine generateKeyPair(Path keyStore, Path passwordFile, String alias, List<String> hosts, int validDays) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("keytool: a certificate needs at least one host name");
        }
        List<String> san = new ArrayList<>();
        for (String host : hosts) {
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("keytool: invalid host name for a certificate: \"" + host + "\"");
            }
            san.add((IPV4.matcher(host).matches() || host.contains(":") ? "ip:" : "dns:") + host);
        }
        if (validDays < 1) {
            throw new IllegalArgumentException("keytool: validity must be at least one day, got " + validDays);
        }
        ArgChecks.name("keytool alias", alias);
        return CommandLine.of("keytool", "-genkeypair", "-noprompt", "-keystore", ArgChecks.absolute("key store", keyStore), "-storetype", "PKCS12",
                        "-storepass:file", ArgChecks.absolute("key store password file", passwordFile), "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=" + hosts.get(0), "-ext", "SAN=" + String.join(",", san), "-validity", Integer.toString(validDays))
                .describedAs("create the TLS key pair in " + keyStore).withTimeout(TIMEOUT);
    }

    /** The certificate of {@code alias} as PEM into {@code certificate}. */
    public static CommandLine exportCertificate(Path keyStore, Path passwordFile, String alias, Path certificate) {
        ArgChecks.name("keytool alias", alias);
        return CommandLine.of("keytool", "-exportcert", "-rfc", "-keystore", ArgChecks.absolute("key store", keyStore), "-storetype", "PKCS12",
                        "-storepass:file", ArgChecks.absolute("key store password file", passwordFile), "-alias", alias,
                        "-file", ArgChecks.absolute("certificate", certificate))
                .describedAs("export the TLS certificate of " + keyStore).withTimeout(TIMEOUT);
    }

    /**
     * A PKCS12 trust store holding {@code certificate}, written without integrity MAC and without
     * certificate encryption so that clients load it with no password: it holds only a public
     * certificate, and a password in every client's URL would guard nothing. keytool insists on a
     * store password all the same; {@code passwordFile} gives it one it does not use.
     */
    public static CommandLine importTrustedCertificate(Path trustStore, Path passwordFile, String alias, Path certificate) {
        ArgChecks.name("keytool alias", alias);
        return CommandLine.of("keytool", "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE",
                        "-J-Dkeystore.pkcs12.macAlgorithm=NONE", "-importcert", "-noprompt", "-keystore", ArgChecks.absolute("trust store", trustStore),
                        "-storetype", "PKCS12", "-storepass:file", ArgChecks.absolute("key store password file", passwordFile),
                        "-alias", alias, "-file", ArgChecks.absolute("certificate", certificate))
                .describedAs("create the trust store " + trustStore).withTimeout(TIMEOUT);
    }
}
