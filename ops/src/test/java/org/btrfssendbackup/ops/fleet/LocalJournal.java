package org.btrfssendbackup.ops.fleet;

import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.broker.AuditLog;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.EmbeddedBroker;
import org.btrfssendbackup.broker.EventFilter;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.producer.broker.BrokerConnection;

/**
 * What a prod-srv published, read back from its local broker's journal (LOCAL_BROKER_DIR) after
 * its run: the local {@code audit} queue holds every event the producer's steps published there,
 * the ground truth the hub's audit is compared with. The journal is opened as the producer opens
 * it (same name, data and password directories) but without the bridge, so reading it forwards
 * nothing.
 */
final class LocalJournal {

    private LocalJournal() {
    }

    static List<AuditEvent> events(Path localBrokerDir, int inVmServerId) {
        BrokerSettings settings = BrokerSettings.defaults(localBrokerDir.resolve("data"), localBrokerDir.resolve("passwords"))
                .withBrokerName(BrokerConnection.LOCAL_BROKER_NAME)
                .withInVmServerId(inVmServerId);
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        try {
            Path operatorPassword = localBrokerDir.resolve("passwords").resolve(BrokerRole.OPERATOR.roleName() + ".password");
            BrokerClient operator = new BrokerClient(settings.inVmUrl(), BrokerRole.OPERATOR.roleName(),
                    PasswordFile.read(operatorPassword));
            try (AuditLog audit = AuditLog.connect(operator)) {
                return audit.list(EventFilter.ALL);
            }
        } finally {
            broker.stop();
        }
    }
}
