package org.btrfssendbackup.ops.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.btrfssendbackup.broker.BrokerSettings;
import org.btrfssendbackup.broker.HubForwardSettings;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.producer.broker.BrokerConnection;

/**
 * Simulated prod-srv hosts, all in this JVM: each is what the producer runs when BROKER_URL
 * names the hub ({@link BrokerConnection#localSettings}): a local embedded broker with the
 * {@code hub-forward} core bridge, with the default retry settings, authenticating at the hub
 * as its own host user with the password from its init bundle. Only the Artemis name and the
 * in-VM id differ per host, because all of them share one JVM.
 */
final class SimulatedHosts implements AutoCloseable {

    /** One host: its name (also its hub user and its events' host) and its producer connection. */
    record Host(String name, BrokerConnection connection) {
    }

    private final List<Host> hosts;

    private SimulatedHosts(List<Host> hosts) {
        this.hosts = hosts;
    }

    /** host01, host02, ...: names a hub user may have and an event's host may be. */
    static List<String> names(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format(Locale.ROOT, "host%02d", i)).toList();
    }

    /** Starts one local broker per name below {@code root}, forwarding to {@code hub}. */
    static SimulatedHosts start(Path root, HubJvm hub, List<String> names) {
        List<Host> started = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Path dir = root.resolve(name);
                BrokerSettings settings = BrokerSettings.defaults(dir.resolve("data"),
                                PasswordFile.writeMissingStandardPasswords(dir.resolve("passwords")))
                        .withBrokerName(name + "-local")
                        .withInVmServerId(i + 1)
                        .withForwardToHub(HubForwardSettings.to(hub.urlFor(name), name, hub.passwordFileFor(name)));
                started.add(new Host(name, BrokerConnection.embedded(settings)));
            }
            return new SimulatedHosts(List.copyOf(started));
        } catch (RuntimeException e) {
            started.forEach(h -> h.connection().close());
            throw e;
        }
    }

    List<Host> hosts() {
        return hosts;
    }

    /** Events every host still has to forward (0: the hub has confirmed everything). */
    long awaitingForward() {
        return hosts.stream().mapToLong(h -> h.connection().embeddedBroker().orElseThrow().eventsAwaitingForward()).sum();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Host host : hosts) {
            try {
                host.connection().close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
