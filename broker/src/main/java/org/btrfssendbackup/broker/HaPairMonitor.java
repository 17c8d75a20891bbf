package org.btrfssendbackup.broker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the broker's log what a hub of an HA pair is doing, once per change: passive (waiting
 * for or copying the active hub's journal), passive and in sync (ready to take over), or active
 * (serving clients; on a backup that means it took over). Artemis logs these at INFO, which the
 * production logging hides; an operator needs them, and the failover test waits for them.
 */
final class HaPairMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaPairMonitor.class);
    private static final long POLL_MILLIS = 250;

    /** What the log says; the words are the ones the failover test and the README wait for. */
    enum State {
        PASSIVE("passive: replicating from the active hub, not yet in sync"),
        IN_SYNC("passive and in sync with the active hub: ready to take over"),
        ACTIVE("active: serving clients"),
        ACTIVE_REPLICATED("active, replicating to its peer in sync");

        final String text;

        State(String text) {
            this.text = text;
        }
    }

    private final ScheduledExecutorService timer;
    private State last;

    private HaPairMonitor(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static HaPairMonitor start(String brokerName, HaPairSettings pair, ActiveMQServer server) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ha-pair-monitor");
            t.setDaemon(true);
            return t;
        });
        HaPairMonitor monitor = new HaPairMonitor(timer);
        timer.scheduleWithFixedDelay(() -> monitor.check(brokerName, pair, server), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return monitor;
    }

    static State stateOf(boolean active, boolean replicaSync) {
        if (active) {
            return replicaSync ? State.ACTIVE_REPLICATED : State.ACTIVE;
        }
        return replicaSync ? State.IN_SYNC : State.PASSIVE;
    }

    private void check(String brokerName, HaPairSettings pair, ActiveMQServer server) {
        try {
            State now = stateOf(server.isActive(), server.isReplicaSync());
            if (now == last) {
                return;
            }
            boolean tookOver = last != null && (last == State.IN_SYNC || last == State.PASSIVE)
                    && (now == State.ACTIVE || now == State.ACTIVE_REPLICATED);
            if (tookOver) {
                LOG.warn("HA pair: broker {} ({} of the pair with {}) took over: its peer failed; {}", brokerName,
                        pair.role().word(), pair.peer(), now.text);
            } else {
                LOG.info("HA pair: broker {} ({} of the pair with {}) is {}", brokerName, pair.role().word(), pair.peer(),
                        now.text);
            }
            last = now;
        } catch (RuntimeException e) {
            LOG.debug("HA pair: state check failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
