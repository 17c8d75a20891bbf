package org.btrfssendbackup.broker;

import org.btrfssendbackup.core.time.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns KEY=value pairs into {@link BrokerSettings}. Every error names the source and the
 * key. Unknown keys starting with {@code BROKER_} are refused (a typo must not silently fall
 * back to a default); other keys belong to other components and are ignored.
 */
final class BrokerSettingsReader {

    static final String NAME = "BROKER_NAME";
    static final String DATA_DIR = "BROKER_DATA_DIR";
    static final String JOURNAL_TYPE = "BROKER_JOURNAL_TYPE";
    static final String JOURNAL_BUFFER_TIMEOUT = "BROKER_JOURNAL_BUFFER_TIMEOUT";
    static final String IN_VM_ID = "BROKER_IN_VM_ID";
    static final String TCP_ACCEPTOR = "BROKER_TCP_ACCEPTOR";
    static final String TLS_KEYSTORE = "BROKER_TLS_KEYSTORE";
    static final String TLS_KEYSTORE_PASSWORD_FILE = "BROKER_TLS_KEYSTORE_PASSWORD_FILE";
    static final String TLS_KEYSTORE_TYPE = "BROKER_TLS_KEYSTORE_TYPE";
    static final String REDELIVERY_DELAY = "BROKER_REDELIVERY_DELAY";
    static final String REDELIVERY_MULTIPLIER = "BROKER_REDELIVERY_MULTIPLIER";
    static final String MAX_REDELIVERY_DELAY = "BROKER_MAX_REDELIVERY_DELAY";
    static final String MAX_DELIVERY_ATTEMPTS = "BROKER_MAX_DELIVERY_ATTEMPTS";
    static final String RETENTION_PERIOD = "BROKER_RETENTION_PERIOD";
    static final String RETENTION_MAX_BYTES = "BROKER_RETENTION_MAX_BYTES";
    static final String MAX_DISK_USAGE = "BROKER_MAX_DISK_USAGE";
    static final String GLOBAL_MAX_SIZE = "BROKER_GLOBAL_MAX_SIZE";
    static final String AUDIT_RING_SIZE = "BROKER_AUDIT_RING_SIZE";
    static final String PASSWORD_DIR = "BROKER_PASSWORD_DIR";
    static final String USERS = "BROKER_USERS";
    static final String HA_ROLE = "BROKER_HA_ROLE";
    static final String HA_PEER = "BROKER_HA_PEER";
    static final String HA_ADVERTISE = "BROKER_HA_ADVERTISE";
    static final String HA_CLUSTER_USER = "BROKER_HA_CLUSTER_USER";
    static final String HA_CLUSTER_PASSWORD_FILE = "BROKER_HA_CLUSTER_PASSWORD_FILE";
    static final String HA_NETWORK_CHECK = "BROKER_HA_NETWORK_CHECK";
    /** The keys of a replicated live/backup pair ({@link HaPairSettings}); only read with BROKER_HA_ROLE set. */
    static final Set<String> HA_KEYS = Set.of(HA_ROLE, HA_PEER, HA_ADVERTISE, HA_CLUSTER_USER, HA_CLUSTER_PASSWORD_FILE,
            HA_NETWORK_CHECK);

    static final Set<String> KEYS = Set.of(NAME, DATA_DIR, JOURNAL_TYPE, JOURNAL_BUFFER_TIMEOUT, IN_VM_ID, TCP_ACCEPTOR, TLS_KEYSTORE,
            TLS_KEYSTORE_PASSWORD_FILE, TLS_KEYSTORE_TYPE, REDELIVERY_DELAY, REDELIVERY_MULTIPLIER, MAX_REDELIVERY_DELAY,
            MAX_DELIVERY_ATTEMPTS, RETENTION_PERIOD, RETENTION_MAX_BYTES, MAX_DISK_USAGE, GLOBAL_MAX_SIZE,
            AUDIT_RING_SIZE, PASSWORD_DIR, USERS, HA_ROLE, HA_PEER, HA_ADVERTISE, HA_CLUSTER_USER, HA_CLUSTER_PASSWORD_FILE,
            HA_NETWORK_CHECK);

    static final String DEFAULT_DATA_DIR = "/var/lib/btrfs-send-backup/broker";
    static final String DEFAULT_PASSWORD_DIR = "/etc/btrfs-send-backup/broker";
    static final String DEFAULT_USERS = "producer:producer receiver:receiver pruner:pruner operator:operator";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([KMGT]i?B?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

    private final Map<String, String> values;
    private final String source;
    private final Map<String, Integer> lines;

    BrokerSettingsReader(Map<String, String> values, String source) {
        this(values, source, Map.of());
    }

    /** @param lines the line of each key in the file {@code source}, so an error names file, line and key */
    BrokerSettingsReader(Map<String, String> values, String source, Map<String, Integer> lines) {
        this.values = Map.copyOf(values);
        this.source = source;
        this.lines = Map.copyOf(lines);
    }

    BrokerSettings read() {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith("BROKER_") && !KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown broker setting " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
        RedeliverySettings redelivery = build(MAX_REDELIVERY_DELAY, () -> new RedeliverySettings(
                duration(REDELIVERY_DELAY, RedeliverySettings.BACKUP_DEFAULTS.delay()),
                value(REDELIVERY_MULTIPLIER, RedeliverySettings.BACKUP_DEFAULTS.multiplier(),
                        s -> atLeast(1.0, Double.parseDouble(s)), "a number of at least 1, like 2 or 1.5"),
                duration(MAX_REDELIVERY_DELAY, RedeliverySettings.BACKUP_DEFAULTS.maxDelay()),
                value(MAX_DELIVERY_ATTEMPTS, RedeliverySettings.BACKUP_DEFAULTS.maxDeliveryAttempts(),
                        s -> (int) atLeast(1, Integer.parseInt(s)), "a whole number of at least 1")));
        Duration retentionPeriod = duration(RETENTION_PERIOD, RetentionSettings.BACKUP_DEFAULTS.period());
        if (retentionPeriod.isZero()) {
            throw error(RETENTION_PERIOD, "expected a positive duration");
        }
        long retentionBytes = size(RETENTION_MAX_BYTES, RetentionSettings.BACKUP_DEFAULTS.maxBytes());
        if (retentionBytes <= 0) {
            throw error(RETENTION_MAX_BYTES, "expected a positive size");
        }
        RetentionSettings retention = new RetentionSettings(retentionPeriod, retentionBytes);
        Path passwordDir = path(PASSWORD_DIR, DEFAULT_PASSWORD_DIR);
        List<BrokerUser> users = users(passwordDir);
        TcpAcceptorSettings tcp = tcp();
        HaPairSettings haPair = haPair(tcp, passwordDir, users);
        return build(NAME, () -> new BrokerSettings(
                values.getOrDefault(NAME, BrokerSettings.DEFAULT_BROKER_NAME),
                path(DATA_DIR, DEFAULT_DATA_DIR),
                value(JOURNAL_TYPE, JournalChoice.AUTO, s -> JournalChoice.valueOf(s.toUpperCase(Locale.ROOT)), "auto, nio or asyncio"),
                journalBufferTimeout(),
                value(IN_VM_ID, 0, s -> (int) atLeast(0, Integer.parseInt(s)), "a whole number of at least 0"),
                tcp,
                redelivery,
                retention,
                value(MAX_DISK_USAGE, BrokerSettings.DEFAULT_MAX_DISK_USAGE_PERCENT,
                        s -> (int) within(1, 100, Integer.parseInt(s.endsWith("%") ? s.substring(0, s.length() - 1) : s)),
                        "a percentage from 1 to 100, like 97"),
                globalMaxSize(),
                value(AUDIT_RING_SIZE, BrokerSettings.DEFAULT_AUDIT_RING_SIZE, s -> (long) atLeast(1, Long.parseLong(s)),
                        "a whole number of at least 1"),
                users,
                null,
                haPair));
    }

    /** BROKER_HA_*: null unless BROKER_HA_ROLE is set; then the peer is required and the rest have defaults. */
    private HaPairSettings haPair(TcpAcceptorSettings tcp, Path passwordDir, List<BrokerUser> users) {
        String role = values.getOrDefault(HA_ROLE, "").strip();
        if (role.isEmpty()) {
            for (String key : new TreeSet<>(HA_KEYS)) {
                if (values.containsKey(key) && !values.get(key).isBlank()) {
                    throw error(key, "only applies to a hub in an HA pair; set " + HA_ROLE + "=primary or backup");
                }
            }
            return null;
        }
        HaPairSettings.Role parsed = value(HA_ROLE, null, s -> HaPairSettings.Role.valueOf(s.toUpperCase(Locale.ROOT)),
                "primary or backup");
        if (tcp == null) {
            throw error(HA_ROLE, "an HA pair replicates over the TCP acceptor; set " + TCP_ACCEPTOR + " too");
        }
        if (values.getOrDefault(HA_PEER, "").isBlank()) {
            throw error(HA_PEER, "required with " + HA_ROLE + ": the other hub's HOST:PORT, e.g. backup-srv-2:61617");
        }
        HaPairSettings.Endpoint peer = endpoint(HA_PEER);
        HaPairSettings.Endpoint advertised;
        if (values.getOrDefault(HA_ADVERTISE, "").isBlank()) {
            if (HubClientUrl.wildcard(tcp.host())) {
                throw error(HA_ADVERTISE, "required when " + TCP_ACCEPTOR + " binds every interface (" + tcp.host()
                        + "): this hub's HOST:PORT as its peer reaches it, e.g. backup-srv-1:61617");
            }
            advertised = new HaPairSettings.Endpoint(tcp.host(), tcp.port());
        } else {
            advertised = endpoint(HA_ADVERTISE);
        }
        String clusterUser = values.getOrDefault(HA_CLUSTER_USER, "").isBlank() ? HaPairSettings.DEFAULT_CLUSTER_USER
                : values.get(HA_CLUSTER_USER).strip();
        Path passwordFile = values.getOrDefault(HA_CLUSTER_PASSWORD_FILE, "").isBlank()
                ? passwordDir.resolve(HaPairSettings.CLUSTER_PASSWORD_NAME) : path(HA_CLUSTER_PASSWORD_FILE, null);
        List<String> check = List.of(values.getOrDefault(HA_NETWORK_CHECK, "").strip().split("[\\s,]+")).stream()
                .filter(s -> !s.isEmpty()).toList();
        String key = values.containsKey(HA_NETWORK_CHECK) ? HA_NETWORK_CHECK
                : values.containsKey(HA_CLUSTER_USER) ? HA_CLUSTER_USER : HA_PEER;
        HaPairSettings pair = build(key, () -> new HaPairSettings(parsed, peer, advertised, clusterUser, passwordFile, check));
        if (tcp.tls() == null && pair.beyondLoopback()) {
            String where = peer.loopback() ? HA_ADVERTISE : HA_PEER;
            throw error(where, "the replication link leaves this host, so it needs TLS like every listener beyond loopback:"
                    + " set " + TLS_KEYSTORE + " and " + TLS_KEYSTORE_PASSWORD_FILE);
        }
        if (users.stream().anyMatch(u -> u.name().equals(clusterUser))) {
            throw error(HA_CLUSTER_USER, "the cluster user " + clusterUser + " is also in " + USERS + "; give it a name of its own");
        }
        return pair;
    }

    private HaPairSettings.Endpoint endpoint(String key) {
        Matcher m = HOST_PORT.matcher(values.get(key).strip());
        if (!m.matches()) {
            throw error(key, "expected HOST:PORT, e.g. backup-srv-2:61617");
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        return build(key, () -> new HaPairSettings.Endpoint(host, Integer.parseInt(m.group(2))));
    }

    private TcpAcceptorSettings tcp() {
        String hostPort = values.getOrDefault(TCP_ACCEPTOR, "").strip();
        boolean tlsConfigured = values.containsKey(TLS_KEYSTORE) || values.containsKey(TLS_KEYSTORE_PASSWORD_FILE);
        if (hostPort.isEmpty()) {
            if (tlsConfigured) {
                throw error(TLS_KEYSTORE, "TLS is configured but " + TCP_ACCEPTOR + " is not; TLS only applies to the TCP acceptor");
            }
            return null;
        }
        Matcher m = HOST_PORT.matcher(hostPort);
        if (!m.matches()) {
            throw error(TCP_ACCEPTOR, "expected HOST:PORT, e.g. 0.0.0.0:61617");
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        TlsSettings tls = null;
        if (tlsConfigured) {
            if (!values.containsKey(TLS_KEYSTORE) || !values.containsKey(TLS_KEYSTORE_PASSWORD_FILE)) {
                throw error(TLS_KEYSTORE, "TLS needs both " + TLS_KEYSTORE + " and " + TLS_KEYSTORE_PASSWORD_FILE);
            }
            tls = build(TLS_KEYSTORE, () -> new TlsSettings(path(TLS_KEYSTORE, null), path(TLS_KEYSTORE_PASSWORD_FILE, null),
                    values.getOrDefault(TLS_KEYSTORE_TYPE, "PKCS12").toUpperCase(Locale.ROOT)));
        }
        TlsSettings finalTls = tls;
        return build(TCP_ACCEPTOR, () -> new TcpAcceptorSettings(host, Integer.parseInt(m.group(2)), finalTls));
    }

    private List<BrokerUser> users(Path passwordDir) {
        List<BrokerUser> users;
        try {
            users = BrokerUsers.parse(values.getOrDefault(USERS, DEFAULT_USERS), passwordDir);
        } catch (IllegalArgumentException e) {
            throw error(USERS, e.getMessage());
        }
        if (users.stream().noneMatch(u -> u.role() == BrokerRole.OPERATOR)) {
            throw error(USERS, "no user has the operator role; dead letters could not be handled");
        }
        return users;
    }

    private Duration journalBufferTimeout() {
        Duration timeout = duration(JOURNAL_BUFFER_TIMEOUT, BrokerSettings.DEFAULT_JOURNAL_BUFFER_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) > 0) {
            throw error(JOURNAL_BUFFER_TIMEOUT, "expected 0..1 s, e.g. 500us");
        }
        return timeout;
    }

    private long globalMaxSize() {
        if ("auto".equalsIgnoreCase(values.getOrDefault(GLOBAL_MAX_SIZE, "").strip())) {
            return -1;
        }
        long size = size(GLOBAL_MAX_SIZE, -1);
        if (size == 0) {
            throw error(GLOBAL_MAX_SIZE, "expected a positive size or auto");
        }
        return size;
    }

    private static double atLeast(double min, double value) {
        if (!(value >= min)) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static double within(double min, double max, double value) {
        if (value > max) {
            throw new IllegalArgumentException();
        }
        return atLeast(min, value);
    }

    /** The one duration syntax ({@link Durations}); a bare number, once read as seconds, now names the fix. */
    private Duration duration(String key, Duration fallback) {
        String text = values.get(key);
        if (text != null && text.strip().matches("[0-9]+")) {
            throw error(key, "expected " + Durations.SYNTAX + "; a bare number is no longer read as seconds: write "
                    + text.strip() + "s");
        }
        return value(key, fallback, Durations::parse, Durations.SYNTAX);
    }

    private long size(String key, long fallback) {
        return value(key, fallback, text -> {
            Matcher m = SIZE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException();
            }
            long n = Long.parseLong(m.group(1));
            int shift = m.group(2) == null ? 0 : switch (Character.toUpperCase(m.group(2).charAt(0))) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                default -> 40;
            };
            return Math.multiplyExact(n, 1L << shift);
        }, "a size in bytes like 1073741824, 512M or 1G");
    }

    private Path path(String key, String fallback) {
        Path path = value(key, fallback == null ? null : Path.of(fallback), Path::of, "an absolute path");
        if (path == null || !path.isAbsolute()) {
            throw error(key, "expected an absolute path");
        }
        return path;
    }

    private <T> T value(String key, T fallback, Function<String, T> parse, String expected) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(text.strip());
        } catch (RuntimeException e) {
            throw error(key, "expected " + expected);
        }
    }

    private <T> T build(String key, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ":")) {
                throw e;
            }
            throw new IllegalArgumentException(where(key) + key + ": " + e.getMessage(), e);
        }
    }

    private IllegalArgumentException error(String key, String problem) {
        return new IllegalArgumentException(where(key) + key + "=" + values.getOrDefault(key, "") + ": " + problem);
    }

    /** {@code FILE:LINE: } when the key's line is known, else {@code FILE: }. */
    private String where(String key) {
        Integer line = lines.get(key);
        return source + (line == null ? "" : ":" + line) + ": ";
    }
}
