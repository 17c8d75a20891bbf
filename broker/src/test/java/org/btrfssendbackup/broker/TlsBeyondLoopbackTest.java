package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The broker listens without TLS only where nothing but this host can connect. */
class TlsBeyondLoopbackTest {

    @ParameterizedTest(name = "{0}: plain TCP allowed = {1}")
    @CsvSource({
        "127.0.0.1, true",
        "127.1.2.3, true",
        "localhost, true",
        "::1, true",
        "0:0:0:0:0:0:0:1, true",
        "0.0.0.0, false",
        "::, false",
        "192.168.1.5, false",
        "10.0.0.1, false",
        "backup-srv, false",
        "127.0.0.1.example.org, false",
        "localhost.example.org, false",
        "128.0.0.1, false"})
    void plainTcpOnlyOnLoopback(String host, boolean plainAllowed) {
        assertThat(TcpAcceptorSettings.loopback(host)).isEqualTo(plainAllowed);
        if (plainAllowed) {
            assertThat(new TcpAcceptorSettings(host, 61616, null).tls()).isNull();
        } else {
            assertThatThrownBy(() -> new TcpAcceptorSettings(host, 61616, null))
                    .hasMessageContaining("plain TCP is only allowed on a loopback host");
        }
    }

    @Test
    void theBrokerRefusesToStartOnAPublicAddressWithoutTlsNamingFileLineAndKey(@TempDir Path root) throws Exception {
        Path config = root.resolve("broker.conf");
        Files.writeString(config, String.join("\n",
                "# a hub someone forgot to give TLS",
                "BROKER_DATA_DIR=" + root.resolve("data"),
                "BROKER_TCP_ACCEPTOR=0.0.0.0:61617",
                ""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BrokerMain.execute(new String[] {"-c", config.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(config + ":3: BROKER_TCP_ACCEPTOR")
                .contains("plain TCP is only allowed on a loopback host");
        assertThat(root.resolve("data")).doesNotExist(); // refused before the broker made anything
    }
}
