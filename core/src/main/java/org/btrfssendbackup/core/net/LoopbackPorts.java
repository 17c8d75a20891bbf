package org.btrfssendbackup.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface, for what the training runs, the demo and the tests
 * start there (sshd, the broker's acceptor) or need to find closed (connection errors).
 */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago: the kernel's pick, released at once. Another
     * process may take it before the caller binds it, so a caller whose server then fails to start
     * should name the port in its error.
     */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
