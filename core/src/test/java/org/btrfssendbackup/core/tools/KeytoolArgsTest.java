package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keytool's command lines: exact argv, the password only as a file, host names checked. */
class KeytoolArgsTest {

    private static final Path KS = Path.of("/etc/b/broker-keystore.p12");
    private static final Path PW = Path.of("/etc/b/broker-keystore.password");

    @Test
    void generatesAnEcKeyPairForEveryHostAsSubjectAltName() {
        assertThat(KeytoolArgs.generateKeyPair(KS, PW, "broker", List.of("backup-srv", "localhost", "127.0.0.1", "::1"), 3650).argv())
                .containsExactly("keytool", "-genkeypair", "-noprompt", "-keystore", KS.toString(), "-storetype", "PKCS12",
                        "-storepass:file", PW.toString(), "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=backup-srv", "-ext", "SAN=dns:backup-srv,dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "3650");
    }

    @Test
    void exportsAndImportsThroughFilesOnly() {
        Path pem = Path.of("/etc/b/broker-ca.pem");
        assertThat(KeytoolArgs.exportCertificate(KS, PW, "broker", pem).argv()).containsExactly("keytool", "-exportcert", "-rfc",
                "-keystore", KS.toString(), "-storetype", "PKCS12", "-storepass:file", PW.toString(), "-alias", "broker",
                "-file", pem.toString());
        assertThat(KeytoolArgs.importTrustedCertificate(Path.of("/etc/b/ts.p12"), PW, "hub", pem).argv()).containsExactly("keytool",
                "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE", "-importcert",
                "-noprompt", "-keystore", "/etc/b/ts.p12", "-storetype", "PKCS12", "-storepass:file", PW.toString(),
                "-alias", "hub", "-file", pem.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-dname", "a,b", "host name", ""})
    void refusesHostNamesThatWouldBreakTheArgv(String host) {
        assertThatThrownBy(() -> KeytoolArgs.generateKeyPair(KS, PW, "broker", List.of(host), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
    }

    @Test
    void refusesRelativePathsAndOptionLikeAliases() {
        assertThatThrownBy(() -> KeytoolArgs.exportCertificate(Path.of("ks.p12"), PW, "broker", Path.of("/c.pem")))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> KeytoolArgs.exportCertificate(KS, PW, "-v", Path.of("/c.pem"))).hasMessageContaining("alias");
    }
}
