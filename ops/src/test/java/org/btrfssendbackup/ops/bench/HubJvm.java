package org.btrfssendbackup.ops.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.broker.HubClientUrl;
import org.btrfssendbackup.core.net.LoopbackPorts;

/**
 * The hub for the fan-in benchmark: the real broker main ({@code btrfs-backup-broker -c FILE})
 * in a JVM of its own, so that the heap measured is the hub's alone. Its broker.conf has one
 * producer user per simulated host ({@code host01:producer ...}, each bound to the host of its
 * name, so the hub's host-binding check sees every event), a TLS acceptor on 127.0.0.1, and
 * {@code btrfs-backup-broker init} makes the passwords, the key pair and one bundle per host, as
 * on a real backup-srv. The heap is read through JMX (the attach API's local management agent:
 * no port, no option on the hub's command line): {@link HeapPeak} on that connection, and a
 * collection at the end for the heap still in use.
 */
final class HubJvm implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String NAME = "fanin-hub";
    /** The options between "$JAVA" and -cp on the shipped wrapper's exec line. */
    private static final Pattern WRAPPER_OPTIONS = Pattern.compile("exec \"\\$JAVA\" (.*?) -cp ");

    private final Path root;
    private final int port;
    private final Process process;
    private final Path log;
    private final List<String> jvmOptions;
    private JMXConnector jmx;

    private HubJvm(Path root, int port, Process process, Path log, List<String> jvmOptions) {
        this.root = root;
        this.port = port;
        this.process = process;
        this.log = log;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Writes the hub's config below {@code root}, runs init, starts the broker JVM with
     * {@code jvmOptions} on this JVM's class path and waits until it has started.
     *
     * @param hosts the simulated prod-srv host names, each gets its own producer user and bundle
     */
    static HubJvm start(Path root, List<String> hosts, List<String> jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(root);
        int port = LoopbackPorts.free();
        Path config = root.resolve("broker.conf");
        List<String> users = new ArrayList<>();
        hosts.forEach(h -> users.add(h + ":producer"));
        users.addAll(List.of("receiver:receiver", "pruner:pruner", "operator:operator"));
        Files.writeString(config, String.join("\n",
                "BROKER_NAME=" + NAME,
                "BROKER_DATA_DIR=" + root.resolve("data"),
                "BROKER_PASSWORD_DIR=" + root.resolve("passwords"),
                "BROKER_USERS=\"" + String.join(" ", users) + "\"",
                "BROKER_TCP_ACCEPTOR=127.0.0.1:" + port,
                "BROKER_TLS_KEYSTORE=" + root.resolve("tls/broker-keystore.p12"),
                "BROKER_TLS_KEYSTORE_PASSWORD_FILE=" + root.resolve("tls/broker-keystore.password"),
                ""));
        init(root, config);
        Path log = root.resolve("hub.log");
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(), "-c", config.toString()));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HubJvm hub = new HubJvm(root, port, process, log, List.copyOf(jvmOptions));
        try {
            hub.awaitStarted();
            return hub;
        } catch (IOException | InterruptedException | RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * The JVM options of the shipped wrapper ops/deploy/backup-srv/btrfs-backup-broker (its heap),
     * so the hub is measured as it runs on backup-srv.
     */
    static List<String> wrapperOptions(Path wrapper) throws IOException {
        Matcher m = WRAPPER_OPTIONS.matcher(Files.readString(wrapper));
        if (!m.find()) {
            throw new IllegalStateException("read the broker's JVM options: no exec \"$JAVA\" ... -cp line in " + wrapper);
        }
        return List.of(m.group(1).trim().split(" +"));
    }

    private static void init(Path root, Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        int status = BrokerMain.execute(new String[] {"init", "-c", config.toString(), "--hub-host", "127.0.0.1",
            "--bundle-dir", root.resolve("bundles").toString()}, out, out);
        if (status != 0) {
            throw new IllegalStateException("btrfs-backup-broker init -c " + config + " exited " + status + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String started = "broker " + NAME + " started";
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(started)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub JVM exited " + process.exitValue() + " before it started:\n" + logText());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the hub JVM did not start within " + START_TIMEOUT + ":\n" + logText());
    }

    /** The URL a simulated host's bridge uses: TLS with the trust store from its bundle, as init writes it. */
    String urlFor(String host) {
        return HubClientUrl.of("127.0.0.1", port, Optional.of(bundle(host).resolve("broker-truststore.p12")));
    }

    /** The host's password from its bundle (BROKER_PASSWORD_FILE on that prod-srv). */
    Path passwordFileFor(String host) {
        return bundle(host).resolve("broker-password");
    }

    /** A client of the hub as one of its own users (operator: audit; pruner: the pruner's queue). */
    BrokerClient client(String user) {
        return BrokerClient.withPasswordFile(HubClientUrl.of("127.0.0.1", port,
                Optional.of(root.resolve("tls/broker-truststore.p12"))), user, root.resolve("passwords").resolve(user + ".password"));
    }

    long pid() {
        return process.pid();
    }

    List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The hub JVM's platform MBean server, through its local management agent (started on first use). */
    MBeanServerConnection jmx() throws IOException {
        if (jmx == null) {
            String address;
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException("attach to the hub JVM " + process.pid() + ": " + e.getMessage(), e);
            }
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        }
        return jmx.getMBeanServerConnection();
    }

    /** Collects the hub's garbage (a full collection) and returns the heap still in use: what the hub holds. */
    long heapAfterCollection() throws IOException {
        MemoryMXBean memory = ManagementFactory.getPlatformMXBean(jmx(), MemoryMXBean.class);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The hub's -Xmx as its JVM reports it. */
    long heapMax() throws IOException {
        return ManagementFactory.getPlatformMXBean(jmx(), MemoryMXBean.class).getHeapMemoryUsage().getMax();
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private Path bundle(String host) {
        return root.resolve("bundles").resolve(host);
    }

    /** SIGTERM (the broker stops cleanly), then kill after 30 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // the hub may be gone already: nothing to close
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
