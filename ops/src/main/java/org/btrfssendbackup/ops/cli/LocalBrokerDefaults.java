package org.btrfssendbackup.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.BrokerUser;
import org.btrfssendbackup.broker.HubClientUrl;
import org.btrfssendbackup.broker.HubTlsFiles;

/**
 * The console's connection defaults on the broker's own host, taken from that broker's config
 * file so they cannot drift from it: its TCP acceptor through loopback (with TLS, the trust store
 * {@code btrfs-backup-broker init} made), its first operator user and that user's password file.
 *
 * @param url          empty when the broker has no TCP acceptor (nothing the console could reach)
 * @param user         the first user with the operator role
 * @param passwordFile that user's password file
 */
record LocalBrokerDefaults(Optional<String> url, String user, Path passwordFile) {

    /**
     * The defaults from {@code config}; empty when there is no such file or it cannot be read
     * (then the broker it configures is not running either, and the built-in defaults apply).
     */
    static Optional<LocalBrokerDefaults> read(Path config) {
        if (!Files.isReadable(config)) {
            return Optional.empty();
        }
        BrokerSettings settings;
        try {
            settings = BrokerSettings.fromConfigFile(config, warning -> { });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<BrokerUser> operator = settings.users().stream().filter(u -> u.role() == BrokerRole.OPERATOR).findFirst();
        return operator.map(user -> new LocalBrokerDefaults(HubClientUrl.onBrokerHost(settings, HubTlsFiles.of(settings, config)),
                user.name(), user.passwordFile()));
    }
}
