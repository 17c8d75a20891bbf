package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.btrfssendbackup.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone {@code broker} service: {@code BrokerMain /etc/btrfs-send-backup/broker.conf}.
 * Runs until SIGTERM/SIGINT, then stops the broker cleanly (journal flushed) and exits 0.
 * The file is read by core's {@code ShellConfigParser} ({@link BrokerConfigFile}).
 * Exit status 2: bad usage or configuration; 1: the broker failed to start.
 */
public final class BrokerMain {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: broker CONFIG_FILE");
            System.exit(2);
        }
        BrokerSettings settings;
        try {
            BrokerConfigFile.Values config = BrokerConfigFile.read(Path.of(args[0]));
            config.warnings().forEach(w -> System.err.println("broker: warning: " + w));
            settings = BrokerSettings.fromMap(config.values(), args[0]);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("broker: " + e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        try {
            broker.start();
        } catch (IllegalStateException e) {
            System.err.println("broker: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested, stopping broker {}", settings.brokerName());
            try {
                broker.stop();
            } finally {
                stopped.countDown();
            }
        }, "broker-shutdown"));
        stopped.await();
    }
}
