package org.btrfssendbackup.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Artemis broker inside this JVM: the standalone {@code broker} service and the
 * all-in-one mode both use it. {@link #start()} and {@link #stop()} are idempotent; the
 * topology (events address, audit and agent queues, dead-letter queue) exists as soon as
 * start returns, so no event is dropped for lack of a queue.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Broker names and in-VM ids in use in this JVM: Artemis misbehaves when two brokers share either. */
    private static final Set<String> IN_USE = ConcurrentHashMap.newKeySet();

    private static final long FORWARD_POLL_MILLIS = 50;

    private final BrokerSettings settings;
    private EmbeddedActiveMQ artemis;
    private JournalType journalType;
    private HaPairMonitor haPairMonitor;

    public EmbeddedBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** The URL clients in this JVM connect to, e.g. {@code vm://0}. */
    public String inVmUrl() {
        return settings.inVmUrl();
    }

    /** The journal type in use (resolved from AUTO at start), or null before the first start. */
    public synchronized JournalType journalType() {
        return journalType;
    }

    public synchronized boolean isRunning() {
        // A passive hub of an HA pair runs (it replicates) without being active.
        return artemis != null && (artemis.getActiveMQServer().isActive()
                || settings.haPairSettings().isPresent() && artemis.getActiveMQServer().isStarted());
    }

    /**
     * Starts the broker unless it is running.
     *
     * @throws IllegalStateException naming the broker and the cause (bad password file,
     *                               name or in-VM id already used, unusable data directory)
     */
    public synchronized void start() {
        if (artemis != null) {
            return;
        }
        String nameKey = "name:" + settings.brokerName();
        String idKey = "vm:" + settings.inVmServerId();
        if (!IN_USE.add(nameKey)) {
            throw new IllegalStateException("start broker " + settings.brokerName() + ": a broker of that name already runs in this JVM");
        }
        if (!IN_USE.add(idKey)) {
            IN_USE.remove(nameKey);
            throw new IllegalStateException("start broker " + settings.brokerName() + ": in-VM id " + settings.inVmServerId()
                    + " is already used by another broker in this JVM");
        }
        try {
            Map<BrokerUser, String> passwords = new LinkedHashMap<>();
            for (BrokerUser user : settings.users()) {
                passwords.put(user, PasswordFile.read(user.passwordFile()));
            }
            String tlsPassword = settings.tcp().flatMap(TcpAcceptorSettings::tlsSettings)
                    .map(tls -> PasswordFile.read(tls.keyStorePasswordFile())).orElse(null);
            String hubPassword = settings.forwardToHub().map(f -> PasswordFile.read(f.passwordFile())).orElse(null);
            createPrivateDirectory(settings.dataDirectory());
            journalType = resolveJournalType();
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            String clusterPassword = settings.haPairSettings().map(p -> PasswordFile.read(p.clusterPasswordFile())).orElse(null);
            server.setConfiguration(ArtemisConfiguration.build(settings, journalType, tlsPassword, hubPassword, clusterPassword));
            server.setSecurityManager(BrokerSecurity.securityManager(passwords));
            server.start();
            ActiveMQServer active = server.getActiveMQServer();
            if (settings.haPairSettings().isPresent()) {
                // A backup (or a primary that found its backup active) stays passive until its peer fails.
                haPairMonitor = HaPairMonitor.start(settings.brokerName(), settings.haPairSettings().get(), active);
            } else if (!active.waitForActivation(30, TimeUnit.SECONDS)) {
                server.stop();
                throw new IllegalStateException("not active after 30 s");
            }
            artemis = server;
            LOG.info("broker {} started: journal {} in {}, in-VM {}, TCP {}{}{}", settings.brokerName(), journalType,
                    settings.dataDirectory(), settings.inVmUrl(),
                    settings.tcp().map(t -> t.host() + ":" + t.port() + (t.tls() == null ? " (plain, loopback)" : " (TLS)")).orElse("off"),
                    settings.forwardToHub().map(f -> ", " + f).orElse(""),
                    settings.haPairSettings().map(p -> ", HA pair " + p.role().word() + " with peer " + p.peer()).orElse(""));
        } catch (Exception e) {
            IN_USE.remove(nameKey);
            IN_USE.remove(idKey);
            throw new IllegalStateException("start broker " + settings.brokerName() + " in " + settings.dataDirectory() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether this hub of an HA pair and its peer are in sync (the active one replicates, the passive one is up to date). */
    synchronized boolean haPairInSync() {
        return artemis != null && artemis.getActiveMQServer().isReplicaSync();
    }

    /**
     * Events stored here that the hub has not confirmed yet (a broker that forwards to a hub;
     * 0 for any other broker). Counts those on their way too.
     *
     * @throws IllegalStateException when the broker is not running
     */
    public synchronized long eventsAwaitingForward() {
        if (artemis == null) {
            throw new IllegalStateException("count the events awaiting forward on broker " + settings.brokerName()
                    + ": it is not running");
        }
        if (settings.forwardToHub().isEmpty()) {
            return 0;
        }
        Queue queue = artemis.getActiveMQServer().locateQueue(SimpleString.of(HubForwardSettings.FORWARD_QUEUE));
        return queue == null ? 0 : queue.getMessageCount();
    }

    /**
     * Waits up to {@code timeout} until the hub has confirmed every event stored here.
     *
     * @return the events still waiting (0: all forwarded)
     */
    public long awaitForwarded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long waiting = eventsAwaitingForward();
        while (waiting > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(FORWARD_POLL_MILLIS);
            waiting = eventsAwaitingForward();
        }
        return waiting;
    }

    /** Stops the broker if it runs; pending journal writes are completed first. */
    public synchronized void stop() {
        if (artemis == null) {
            return;
        }
        try {
            if (haPairMonitor != null) {
                haPairMonitor.close();
                haPairMonitor = null;
            }
            artemis.stop();
            LOG.info("broker {} stopped", settings.brokerName());
        } catch (Exception e) {
            throw new IllegalStateException("stop broker " + settings.brokerName() + ": " + e.getMessage(), e);
        } finally {
            artemis = null;
            IN_USE.remove("name:" + settings.brokerName());
            IN_USE.remove("vm:" + settings.inVmServerId());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private JournalType resolveJournalType() throws IOException {
        return switch (settings.journal()) {
            case NIO -> JournalType.NIO;
            case ASYNCIO -> JournalType.ASYNCIO;
            case AUTO -> {
                createPrivateDirectory(settings.journalDirectory());
                boolean aio;
                try {
                    aio = AIOSequentialFileFactory.isSupported(settings.journalDirectory().toFile());
                } catch (LinkageError e) {
                    aio = false; // no native libaio binding on the class path
                }
                yield aio ? JournalType.ASYNCIO : JournalType.NIO;
            }
        };
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }
}
