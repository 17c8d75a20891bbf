package org.btrfssendbackup.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void theReturnedPortCanBeBoundOnLoopback() throws Exception {
        int port = LoopbackPorts.free();

        assertThat(port).isBetween(1024, 65535);
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }
}
