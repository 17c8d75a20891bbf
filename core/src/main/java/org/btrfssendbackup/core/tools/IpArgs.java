package org.btrfssendbackup.core.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/**
 * Command lines for iproute2 ({@code ip}, {@code tc}) on network namespaces. Pure: builds argv,
 * runs nothing. Used by the lab's fleet network (several hosts on one machine); every command
 * but {@link #addNamespace}/{@link #deleteNamespace} names the namespace it acts in
 * ({@code ip -n NS ...}), so no command ever changes the machine's own network by accident.
 */
public final class IpArgs {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What {@code ip netns add} accepts and a file name under /run/netns can hold; no leading '-'. */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    /** The kernel's IFNAMSIZ is 16 bytes including the terminating NUL. */
    private static final Pattern LINK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

    private IpArgs() {
    }

    /** {@code ip netns add NS}: a new, empty network namespace (only its loopback, down). */
    public static CommandLine addNamespace(String namespace) {
        return command("create network namespace " + namespace, "ip", "netns", "add", namespace(namespace));
    }

    /** {@code ip netns delete NS}: its links go with it (a veth's peer too). */
    public static CommandLine deleteNamespace(String namespace) {
        return command("delete network namespace " + namespace, "ip", "netns", "delete", namespace(namespace));
    }

    /** {@code ip -n NS link set LINK up}. */
    public static CommandLine linkUp(String namespace, String link) {
        return command("bring up " + link + " in " + namespace, "ip", "-n", namespace(namespace), "link", "set", link(link), "up");
    }

    /** {@code ip -n NS link add BRIDGE type bridge}. */
    public static CommandLine addBridge(String namespace, String bridge) {
        return command("create bridge " + bridge + " in " + namespace,
                "ip", "-n", namespace(namespace), "link", "add", link(bridge), "type", "bridge");
    }

    /**
     * {@code ip -n NS link add LINK type veth peer name PEER netns PEER_NS}: a cable with one end
     * in each namespace.
     */
    public static CommandLine addVethPair(String namespace, String link, String peerNamespace, String peer) {
        return command("create veth " + link + " in " + namespace + " to " + peer + " in " + peerNamespace,
                "ip", "-n", namespace(namespace), "link", "add", link(link), "type", "veth",
                "peer", "name", link(peer), "netns", namespace(peerNamespace));
    }

    /** {@code ip -n NS link set LINK master BRIDGE}. */
    public static CommandLine attachToBridge(String namespace, String link, String bridge) {
        return command("attach " + link + " to bridge " + bridge + " in " + namespace,
                "ip", "-n", namespace(namespace), "link", "set", link(link), "master", link(bridge));
    }

    /** {@code ip -n NS address add A.B.C.D/N dev LINK}. */
    public static CommandLine addAddress(String namespace, String link, String cidr) {
        if (cidr == null || !IPV4_CIDR.matcher(cidr).matches()) {
            throw new IllegalArgumentException("ip: an address must be IPv4 A.B.C.D/N, got '" + cidr + "'");
        }
        return command("give " + link + " in " + namespace + " the address " + cidr,
                "ip", "-n", namespace(namespace), "address", "add", cidr, "dev", link(link));
    }

    /**
     * {@code tc -n NS qdisc add dev LINK root tbf rate Nmbit burst 64kb latency 400ms}: what
     * leaves LINK goes at most N Mbit/s, like a slower network card (the fleet test uses it so its
     * uploads last long enough to kill the hub during them).
     */
    public static CommandLine limitRate(String namespace, String link, int megabitsPerSecond) {
        if (megabitsPerSecond < 1) {
            throw new IllegalArgumentException("tc: a rate limit must be at least 1 Mbit/s, got " + megabitsPerSecond);
        }
        return command("limit " + link + " in " + namespace + " to " + megabitsPerSecond + " Mbit/s",
                "tc", "-n", namespace(namespace), "qdisc", "add", "dev", link(link), "root", "tbf",
                "rate", megabitsPerSecond + "mbit", "burst", "64kb", "latency", "400ms");
    }

    /** {@code ip netns exec NS ARGV...}: ARGV run in the namespace (ip execs it: same pid). */
    public static List<String> inNamespace(String namespace, List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("ip netns exec: a command is needed");
        }
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace(namespace)));
        all.addAll(argv);
        return all;
    }

    static String namespace(String name) {
        if (name == null || !NAMESPACE.matcher(name).matches()) {
            throw new IllegalArgumentException("ip: a network namespace name is 1-32 of [A-Za-z0-9_-], not starting with '-': '"
                    + name + "'");
        }
        return name;
    }

    static String link(String name) {
        if (name == null || !LINK.matcher(name).matches()) {
            throw new IllegalArgumentException("ip: a link name is 1-15 of [A-Za-z0-9_.-], not starting with '-' or '.': '"
                    + name + "'");
        }
        return name;
    }

    private static CommandLine command(String description, String... argv) {
        return CommandLine.of(argv).describedAs(description).withTimeout(TIMEOUT);
    }
}
