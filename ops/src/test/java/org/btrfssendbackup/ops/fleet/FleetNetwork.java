package org.btrfssendbackup.ops.fleet;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.tools.IpArgs;

/**
 * A fleet's network on one machine: backup-srv's network namespace with a bridge at
 * {@link #HUB_ADDRESS}/24 and one namespace per prod-srv, each cabled to the bridge by a veth
 * pair ({@code eth0} in the host, {@code vpN} on the bridge) at 10.77.0.(10+N), each with its
 * loopback up and its uplink limited to a rate (a slower network card). The bridge lives in
 * backup-srv's namespace, so nothing is added to this machine's own network; the namespace
 * names carry a random tag, so parallel runs never meet. {@link #close()} deletes every
 * namespace (their links go with them), also after a failed {@link #create}.
 */
final class FleetNetwork implements AutoCloseable {

    static final String HUB_ADDRESS = "10.77.0.1";
    private static final String BRIDGE = "br0";
    private static final String UPLINK = "eth0";

    private final ProcessRunner runner;
    private final String tag;
    private final int hosts;
    private final List<String> created = new ArrayList<>();

    private FleetNetwork(ProcessRunner runner, String tag, int hosts) {
        this.runner = runner;
        this.tag = tag;
        this.hosts = hosts;
    }

    /** backup-srv and {@code hosts} prod-srvs whose uplinks send at most {@code megabitsPerSecond}. */
    static FleetNetwork create(ProcessRunner runner, int hosts, int megabitsPerSecond) {
        if (hosts < 1 || hosts > 200) {
            throw new IllegalArgumentException("a fleet network has 1 to 200 hosts, not " + hosts);
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        FleetNetwork network = new FleetNetwork(runner, "fl" + HexFormat.of().formatHex(random), hosts);
        try {
            network.build(megabitsPerSecond);
        } catch (RuntimeException e) {
            try {
                network.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return network;
    }

    private void build(int megabitsPerSecond) {
        String hub = hub();
        add(hub);
        runner.run(IpArgs.addBridge(hub, BRIDGE));
        runner.run(IpArgs.addAddress(hub, BRIDGE, HUB_ADDRESS + "/24"));
        runner.run(IpArgs.linkUp(hub, BRIDGE));
        for (int i = 1; i <= hosts; i++) {
            String host = host(i);
            String port = "vp" + i;
            add(host);
            runner.run(IpArgs.addVethPair(host, UPLINK, hub, port));
            runner.run(IpArgs.attachToBridge(hub, port, BRIDGE));
            runner.run(IpArgs.linkUp(hub, port));
            runner.run(IpArgs.addAddress(host, UPLINK, hostAddress(i) + "/24"));
            runner.run(IpArgs.linkUp(host, UPLINK));
            runner.run(IpArgs.limitRate(host, UPLINK, megabitsPerSecond));
        }
    }

    private void add(String namespace) {
        runner.run(IpArgs.addNamespace(namespace));
        created.add(namespace);
        runner.run(IpArgs.linkUp(namespace, "lo"));
    }

    /** backup-srv's network namespace. */
    String hub() {
        return tag + "-bsrv";
    }

    /** prod-srv number {@code i}'s network namespace (1-based). */
    String host(int i) {
        return tag + "-p" + i;
    }

    static String hostAddress(int i) {
        return "10.77.0." + (10 + i);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                runner.run(IpArgs.deleteNamespace(created.get(i)));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
