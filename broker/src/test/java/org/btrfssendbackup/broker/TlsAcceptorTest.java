package org.btrfssendbackup.broker;

import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.messages.Topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote agents connect over TLS; a plain-text client gets nowhere. */
class TlsAcceptorTest {

    @Test
    void tlsClientsConnectAndPlainClientsAreRefused(@TempDir Path root) throws Exception {
        Path keyStore = root.resolve("broker.p12");
        Path keyStorePasswordFile = root.resolve("keystore.password");
        BrokerFixture.writePassword(keyStorePasswordFile, "keystore-secret");
        Process keytool = new ProcessBuilder(List.of("keytool", "-genkeypair", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", "keystore-secret", "-alias", "broker", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2"))
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        int port = LoopbackPorts.free();
        BrokerSettings settings = BrokerFixture.settings(root).withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", port,
                new TlsSettings(keyStore, keyStorePasswordFile, "PKCS12")));
        try (BrokerFixture fixture = BrokerFixture.start(settings)) {
            String tlsUrl = "tcp://127.0.0.1:" + port + "?sslEnabled=true;trustStorePath=" + keyStore
                    + ";trustStorePassword=keystore-secret;trustStoreType=PKCS12";
            try (Connection connection = new BrokerClient(tlsUrl, "receiver", "receiver-secret").connect()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createTopic(Topology.EVENTS_ADDRESS))
                        .send(BrokerFixture.event(session, "via-tls", "StreamReceived", "home", "{}"));
            }
            assertThat(DeadLetterFlowTest.messageCount(fixture, Topology.AUDIT_QUEUE)).isEqualTo(1);

            String plainUrl = "tcp://127.0.0.1:" + port + "?reconnectAttempts=0;initialConnectAttempts=1;callTimeout=2000;connectionTTL=2000";
            assertThatThrownBy(() -> new BrokerClient(plainUrl, "receiver", "receiver-secret").connect().close())
                    .isInstanceOf(JMSException.class);
        }
    }
}
