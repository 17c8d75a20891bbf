package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.btrfssendbackup.core.process.CommandLine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** iproute2's command lines: exact argv, and names that could become options or another namespace refused. */
class IpArgsTest {

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("add namespace", (Supplier<CommandLine>) () -> IpArgs.addNamespace("fl1a2b-bsrv"),
                        List.of("ip", "netns", "add", "fl1a2b-bsrv")),
                Arguments.of("delete namespace", (Supplier<CommandLine>) () -> IpArgs.deleteNamespace("fl1a2b-p1"),
                        List.of("ip", "netns", "delete", "fl1a2b-p1")),
                Arguments.of("link up", (Supplier<CommandLine>) () -> IpArgs.linkUp("ns", "lo"),
                        List.of("ip", "-n", "ns", "link", "set", "lo", "up")),
                Arguments.of("bridge", (Supplier<CommandLine>) () -> IpArgs.addBridge("ns", "fbr0"),
                        List.of("ip", "-n", "ns", "link", "add", "fbr0", "type", "bridge")),
                Arguments.of("veth pair", (Supplier<CommandLine>) () -> IpArgs.addVethPair("p1", "eth0", "bsrv", "vp1"),
                        List.of("ip", "-n", "p1", "link", "add", "eth0", "type", "veth", "peer", "name", "vp1", "netns", "bsrv")),
                Arguments.of("bridge port", (Supplier<CommandLine>) () -> IpArgs.attachToBridge("bsrv", "vp1", "fbr0"),
                        List.of("ip", "-n", "bsrv", "link", "set", "vp1", "master", "fbr0")),
                Arguments.of("address", (Supplier<CommandLine>) () -> IpArgs.addAddress("p1", "eth0", "10.77.0.11/24"),
                        List.of("ip", "-n", "p1", "address", "add", "10.77.0.11/24", "dev", "eth0")),
                Arguments.of("rate limit", (Supplier<CommandLine>) () -> IpArgs.limitRate("p1", "eth0", 40),
                        List.of("tc", "-n", "p1", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", "40mbit",
                                "burst", "64kb", "latency", "400ms")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void buildsExactlyThisArgvWithADescriptionAndATimeout(String what, Supplier<CommandLine> command, List<String> argv) {
        CommandLine line = command.get();
        assertThat(line.argv()).containsExactlyElementsOf(argv);
        assertThat(line.operation()).isNotBlank().doesNotStartWith("ip ");
        assertThat(line.timeout()).contains(IpArgs.TIMEOUT);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("namespace as an option", (Runnable) () -> IpArgs.addNamespace("-all"), "network namespace name"),
                Arguments.of("namespace with a slash", (Runnable) () -> IpArgs.deleteNamespace("../x"), "network namespace name"),
                Arguments.of("empty namespace", (Runnable) () -> IpArgs.linkUp("", "lo"), "network namespace name"),
                Arguments.of("namespace too long", (Runnable) () -> IpArgs.linkUp("n".repeat(33), "lo"), "network namespace name"),
                Arguments.of("link too long (IFNAMSIZ)", (Runnable) () -> IpArgs.linkUp("ns", "l".repeat(16)), "link name"),
                Arguments.of("link as an option", (Runnable) () -> IpArgs.addBridge("ns", "-force"), "link name"),
                Arguments.of("link with a space", (Runnable) () -> IpArgs.attachToBridge("ns", "a b", "br"), "link name"),
                Arguments.of("peer namespace", (Runnable) () -> IpArgs.addVethPair("ns", "a", "x y", "b"), "network namespace name"),
                Arguments.of("address without prefix", (Runnable) () -> IpArgs.addAddress("ns", "eth0", "10.0.0.1"), "A.B.C.D/N"),
                Arguments.of("address as an option", (Runnable) () -> IpArgs.addAddress("ns", "eth0", "-6"), "A.B.C.D/N"),
                Arguments.of("zero rate", (Runnable) () -> IpArgs.limitRate("ns", "eth0", 0), "at least 1 Mbit/s"),
                Arguments.of("exec nothing", (Runnable) () -> IpArgs.inNamespace("ns", List.of()), "a command is needed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesValuesIpWouldMisread(String what, Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void execRunsTheArgvInTheNamespaceUnchanged(String what, Supplier<CommandLine> command, List<String> argv) {
        assertThat(IpArgs.inNamespace("fl1a2b-bsrv", argv)).startsWith("ip", "netns", "exec", "fl1a2b-bsrv")
                .endsWith(argv.toArray(String[]::new)).hasSize(argv.size() + 4);
    }
}
