package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about the broker that can be configured, validated once. Defaults are chosen
 * for backup work; {@link #fromMap} reads them from a KEY=value config file (keys in
 * {@link BrokerSettingsReader}).
 *
 * @param brokerName          Artemis server name; must be unique per JVM (checked at start)
 * @param dataDirectory       journal, bindings, paging, large messages and retention all live
 *                            below it: keep it on a file system of its own if you can
 * @param journalBufferTimeout how long the journal gathers writes before one sync; the NIO
 *                            default of Artemis (3.3 ms) assumes slow disks and doubles the
 *                            latency of every persistent send on an SSD (fsync ~0.1 ms)
 * @param inVmServerId        the in-VM acceptor id (clients use {@code vm://ID}); always on
 * @param tcpAcceptor         null when no TCP acceptor is configured (the default)
 * @param maxDiskUsagePercent above this usage of the data directory's file system publishers
 *                            get an exception (address-full policy FAIL), never a silent block
 * @param globalMaxSizeBytes  memory for messages of all addresses before publishers get an
 *                            exception; -1 means Artemis' default, half the JVM heap
 * @param auditRingSize       the audit queue is a ring: it keeps the newest N events for
 *                            browsing and drops the oldest, so it never grows without bound
 *                            (older history lives in journal retention, see {@link Replay})
 * @param forward             null for a broker of its own (the hub, all-in-one); otherwise a
 *                            producer's local broker that forwards every event to the hub and
 *                            has no pruner queue (the pruner runs at the hub)
 * @param haPair              null for a hub of its own; otherwise this hub's side of a
 *                            replicated live/backup pair
 */
public record BrokerSettings(
        String brokerName,
        Path dataDirectory,
        JournalChoice journal,
        Duration journalBufferTimeout,
        int inVmServerId,
        TcpAcceptorSettings tcpAcceptor,
        RedeliverySettings redelivery,
        RetentionSettings retention,
        int maxDiskUsagePercent,
        long globalMaxSizeBytes,
        long auditRingSize,
        List<BrokerUser> users,
        HubForwardSettings forward,
        HaPairSettings haPair) {

    public static final String DEFAULT_BROKER_NAME = "btrfs-send-backup";
    /** High, because the journal is small and backups fill disks by design; see architecture notes. */
    public static final int DEFAULT_MAX_DISK_USAGE_PERCENT = 97;
    public static final long DEFAULT_AUDIT_RING_SIZE = 100_000;
    /** Measured on this machine's SSD: fsync ~0.13 ms; 0.5 ms batches concurrent sends without adding much latency. */
    public static final Duration DEFAULT_JOURNAL_BUFFER_TIMEOUT = Duration.ofNanos(500_000);

    public BrokerSettings {
        if (brokerName == null || !brokerName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("broker settings: invalid broker name \"" + brokerName + "\"");
        }
        Objects.requireNonNull(dataDirectory, "broker settings: data directory");
        if (!dataDirectory.isAbsolute()) {
            throw new IllegalArgumentException("broker settings: data directory must be absolute, got " + dataDirectory);
        }
        Objects.requireNonNull(journal, "broker settings: journal type");
        Objects.requireNonNull(journalBufferTimeout, "broker settings: journal buffer timeout");
        if (journalBufferTimeout.isNegative() || journalBufferTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("broker settings: journal buffer timeout must be 0..1 s, got " + journalBufferTimeout);
        }
        if (inVmServerId < 0) {
            throw new IllegalArgumentException("broker settings: in-VM id must not be negative, got " + inVmServerId);
        }
        Objects.requireNonNull(redelivery, "broker settings: redelivery");
        Objects.requireNonNull(retention, "broker settings: retention");
        if (maxDiskUsagePercent < 1 || maxDiskUsagePercent > 100) {
            throw new IllegalArgumentException("broker settings: max disk usage must be 1..100 percent, got " + maxDiskUsagePercent);
        }
        if (globalMaxSizeBytes != -1 && globalMaxSizeBytes <= 0) {
            throw new IllegalArgumentException("broker settings: global max size must be positive or -1, got " + globalMaxSizeBytes);
        }
        if (auditRingSize < 1) {
            throw new IllegalArgumentException("broker settings: audit ring size must be positive, got " + auditRingSize);
        }
        users = List.copyOf(Objects.requireNonNull(users, "broker settings: users"));
        Set<String> names = new HashSet<>();
        for (BrokerUser user : users) {
            if (!names.add(user.name())) {
                throw new IllegalArgumentException("broker settings: user " + user.name() + " is listed twice");
            }
        }
        if (users.stream().noneMatch(u -> u.role() == BrokerRole.OPERATOR)) {
            throw new IllegalArgumentException("broker settings: no user has the operator role; dead letters could not be handled");
        }
        if (haPair != null) {
            checkHaPair(haPair, tcpAcceptor, names, forward);
        }
    }

    /** A pair replicates over the TCP acceptor, with TLS once the link leaves the host, as an internal user of its own. */
    private static void checkHaPair(HaPairSettings pair, TcpAcceptorSettings tcp, Set<String> userNames, HubForwardSettings forward) {
        if (tcp == null) {
            throw new IllegalArgumentException("broker settings: a " + pair.role().word()
                    + " of an HA pair needs a TCP acceptor: the pair replicates over it");
        }
        if (tcp.tls() == null && pair.beyondLoopback()) {
            throw new IllegalArgumentException("broker settings: the replication link to " + pair.peer()
                    + " leaves this host, so the TCP acceptor needs TLS (BROKER_TLS_KEYSTORE)");
        }
        if (userNames.contains(pair.clusterUser())) {
            throw new IllegalArgumentException("broker settings: the cluster user " + pair.clusterUser()
                    + " is also a broker user; give it a name of its own");
        }
        if (forward != null) {
            throw new IllegalArgumentException("broker settings: a producer's local broker cannot be part of an HA pair");
        }
    }

    /** The backup defaults: data in {@code dataDirectory}, the four standard users' passwords in {@code passwordDirectory}. */
    public static BrokerSettings defaults(Path dataDirectory, Path passwordDirectory) {
        return new BrokerSettings(DEFAULT_BROKER_NAME, dataDirectory, JournalChoice.AUTO, DEFAULT_JOURNAL_BUFFER_TIMEOUT, 0, null,
                RedeliverySettings.BACKUP_DEFAULTS, RetentionSettings.BACKUP_DEFAULTS,
                DEFAULT_MAX_DISK_USAGE_PERCENT, -1, DEFAULT_AUDIT_RING_SIZE, standardUsers(passwordDirectory), null, null);
    }

    /** producer, receiver, pruner and operator, each with {@code DIR/NAME.password}. */
    public static List<BrokerUser> standardUsers(Path passwordDirectory) {
        return List.of(BrokerRole.values()).stream()
                .map(role -> new BrokerUser(role.roleName(), role, passwordDirectory.resolve(role.roleName() + ".password")))
                .toList();
    }

    /**
     * Reads settings from KEY=value pairs (a config file); unset keys keep their defaults.
     *
     * @param sourceName named in error messages, e.g. the config file path
     * @throws IllegalArgumentException naming the source and the offending key
     */
    public static BrokerSettings fromMap(Map<String, String> values, String sourceName) {
        return new BrokerSettingsReader(values, sourceName).read();
    }

    /**
     * Reads a broker config file ({@link BrokerConfigFile}); errors name the file, the line and the key.
     *
     * @param warnings receives the parser's warnings (a key set twice, ...)
     * @throws org.btrfssendbackup.core.config.ConfigException for a syntax error
     * @throws IllegalArgumentException for a bad value
     */
    public static BrokerSettings fromConfigFile(Path file, Consumer<String> warnings) {
        BrokerConfigFile.Values values = BrokerConfigFile.read(file);
        values.warnings().forEach(warnings);
        return new BrokerSettingsReader(values.values(), file.toString(), values.lines()).read();
    }

    public Optional<HubForwardSettings> forwardToHub() {
        return Optional.ofNullable(forward);
    }

    public Optional<HaPairSettings> haPairSettings() {
        return Optional.ofNullable(haPair);
    }

    public Optional<TcpAcceptorSettings> tcp() {
        return Optional.ofNullable(tcpAcceptor);
    }

    /** URL for clients in the same JVM. */
    public String inVmUrl() {
        return "vm://" + inVmServerId;
    }

    public Path journalDirectory() {
        return dataDirectory.resolve("journal");
    }

    public Path bindingsDirectory() {
        return dataDirectory.resolve("bindings");
    }

    public Path pagingDirectory() {
        return dataDirectory.resolve("paging");
    }

    public Path largeMessagesDirectory() {
        return dataDirectory.resolve("large-messages");
    }

    public Path retentionDirectory() {
        return dataDirectory.resolve("retention");
    }

    public BrokerSettings withBrokerName(String name) {
        return copy(c -> c.brokerName = name);
    }

    public BrokerSettings withInVmServerId(int id) {
        return copy(c -> c.inVmServerId = id);
    }

    public BrokerSettings withTcpAcceptor(TcpAcceptorSettings tcp) {
        return copy(c -> c.tcpAcceptor = tcp);
    }

    public BrokerSettings withRedelivery(RedeliverySettings value) {
        return copy(c -> c.redelivery = value);
    }

    public BrokerSettings withUsers(List<BrokerUser> value) {
        return copy(c -> c.users = value);
    }

    public BrokerSettings withGlobalMaxSizeBytes(long value) {
        return copy(c -> c.globalMaxSizeBytes = value);
    }

    public BrokerSettings withMaxDiskUsagePercent(int value) {
        return copy(c -> c.maxDiskUsagePercent = value);
    }

    /** A producer's local broker: every event is forwarded to the hub (null: none). */
    public BrokerSettings withForwardToHub(HubForwardSettings value) {
        return copy(c -> c.forward = value);
    }

    /** This hub as one side of a replicated live/backup pair (null: a hub of its own). */
    public BrokerSettings withHaPair(HaPairSettings value) {
        return copy(c -> c.haPair = value);
    }

    public BrokerSettings withAuditRingSize(long value) {
        return copy(c -> c.auditRingSize = value);
    }

    /** These settings with one change, validated again by the constructor: the one place that copies every field. */
    private BrokerSettings copy(Consumer<Fields> change) {
        Fields c = new Fields(this);
        change.accept(c);
        return new BrokerSettings(c.brokerName, dataDirectory, journal, journalBufferTimeout, c.inVmServerId,
                c.tcpAcceptor, c.redelivery, retention, c.maxDiskUsagePercent, c.globalMaxSizeBytes, c.auditRingSize,
                c.users, c.forward, c.haPair);
    }

    /** The fields a {@code with} method may change, for {@link #copy}. */
    private static final class Fields {
        String brokerName;
        int inVmServerId;
        TcpAcceptorSettings tcpAcceptor;
        RedeliverySettings redelivery;
        int maxDiskUsagePercent;
        long globalMaxSizeBytes;
        long auditRingSize;
        List<BrokerUser> users;
        HubForwardSettings forward;
        HaPairSettings haPair;

        Fields(BrokerSettings s) {
            brokerName = s.brokerName;
            inVmServerId = s.inVmServerId;
            tcpAcceptor = s.tcpAcceptor;
            redelivery = s.redelivery;
            maxDiskUsagePercent = s.maxDiskUsagePercent;
            globalMaxSizeBytes = s.globalMaxSizeBytes;
            auditRingSize = s.auditRingSize;
            users = s.users;
            forward = s.forward;
            haPair = s.haPair;
        }
    }
}
