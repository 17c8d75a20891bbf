package org.btrfssendbackup.broker;

import java.nio.file.Path;

/**
 * A broker for class data training runs (core.cds.TrainingRun#startBroker): a client program's
 * training publishes over TCP to it, so its archive holds the Artemis client and Netty classes
 * a real call loads. Its arguments and result are JDK types only: the client programs run
 * without the broker's server jars, and their training calls this from a class loader of its
 * own that has them (the classes it loads there are not the program's).
 */
public final class TrainingBroker {

    private TrainingBroker() {
    }

    /** Starts a broker with the standard users (passwords in {@code passwordDirectory}) on 127.0.0.1:{@code port}. */
    public static AutoCloseable start(Path dataDirectory, Path passwordDirectory, int port) {
        BrokerSettings settings = BrokerSettings.defaults(dataDirectory, passwordDirectory)
                .withTcpAcceptor(new TcpAcceptorSettings("127.0.0.1", port, null));
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        return broker;
    }
}
