package org.btrfssendbackup.pruner;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.core.config.BrokerSettings;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ReceiverConfig;

/**
 * backup-srv's own configuration, /etc/default/btrfs-backup-receive (the file the receiver
 * reads; another one via BTRFS_BACKUP_RECEIVE_CONFIG): BACKUP_ROOT, KEEP_*, BROKER_*.
 */
final class BackupSrvConfig {

    static final String CONFIG_ENV = "BTRFS_BACKUP_RECEIVE_CONFIG";

    private BackupSrvConfig() {
    }

    static Path path(Map<String, String> env) {
        String override = env.get(CONFIG_ENV);
        return override != null && !override.isEmpty() ? Path.of(override) : ReceiverConfig.DEFAULT_PATH;
    }

    /** The file's settings; the seed defaults when it does not exist (encrypted-stream setups may have none). */
    static ReceiverConfig load(Path file) {
        return Files.exists(file) ? ReceiverConfig.load(file) : ReceiverConfig.defaults();
    }

    /** A factory for the configured broker; empty when BROKER_URL is not set. */
    static Optional<ConnectionFactory> broker(ReceiverConfig config) {
        return BrokerClient.configured(config.broker()).map(BrokerClient::connectionFactory);
    }
}
