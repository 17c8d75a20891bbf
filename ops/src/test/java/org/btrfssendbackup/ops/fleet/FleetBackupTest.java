package org.btrfssendbackup.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.btrfssendbackup.broker.AuditEvent;
import org.btrfssendbackup.broker.BrokerMain;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.producer.ProducerMain;
import org.btrfssendbackup.pruner.PruneMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topology 3, a fleet, on one machine (issue 16): backup-srv and three prod-srvs, each in its
 * own network namespace with its own host name and its own /etc/btrfs-send-backup, set up as
 * ops/deploy/backup-srv/README.md ("Set up the hub", "A fleet") says. backup-srv runs
 * {@code btrfs-backup-broker init}, the hub broker (TLS on 0.0.0.0:61617, as the shipped
 * broker.conf.example), sshd with the forced-command receiver and the pruner service; each
 * prod-srv has a loop btrfs, its bundle installed and runs {@code btrfs-send-backup run}, all
 * three at once, over uplinks limited to 32 Mbit/s so that the uploads take seconds. The hub is
 * SIGKILLed while all three upload and started again on the same journal a few seconds later.
 * Then: every run exited 0 with nothing left to forward, every stream is stored, the hub's audit
 * holds every event each producer published (read back from its local journal) exactly once,
 * and {@code btrfs-backup-console status} on backup-srv, with no flags, lists the three hosts'
 * sets as OK.
 */
class FleetBackupTest {

    private static final int HOSTS = 3;
    /** At 12 Mbit/s (1.5 MB/s) a stream of this much random data takes about 6 s to upload. */
    private static final int DATA_BYTES = 8 * 1024 * 1024;
    private static final int UPLINK_MBIT = 12;
    private static final Duration HUB_DOWN = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Path ETC = Path.of("/etc/btrfs-send-backup");
    private static final Path ROOT_CONFIG = Path.of("/root/.config/btrfs-send-backup");
    private static final Path VAR = Path.of("/var/lib/btrfs-send-backup");
    private static final Path BROKER_EXAMPLE = Path.of("deploy", "backup-srv", "broker.conf.example");

    @TempDir
    Path dir;

    private final LocalProcessRunner runner = new LocalProcessRunner();
    private final Deque<AutoCloseable> teardown = new ArrayDeque<>();

    @Test
    void threeHostsBackUpAtOnceWhileTheHubIsKilledAndEveryEventReachesItOnce() throws Exception {
        assumeFleet();
        try {
            FleetNetwork net = register(FleetNetwork.create(runner, HOSTS, UPLINK_MBIT));
            Path logs = Files.createDirectories(dir.resolve("logs"));

            // backup-srv: the README's hub set-up, /etc/btrfs-send-backup being this test's directory
            Path hubEtc = privateDirectory(dir.resolve("hub/etc"));
            Files.writeString(hubEtc.resolve("broker.conf"), Files.readString(BROKER_EXAMPLE)
                    + "BROKER_USERS=\"p1:producer p2:producer p3:producer receiver:receiver pruner:pruner operator:operator\"\n");
            HostLaunch backupSrv = HostLaunch.of(net.hub(), "backup-srv", dir.resolve("hub")).bind(hubEtc, ETC)
                    .bind(privateDirectory(dir.resolve("hub/var")), VAR);
            try (FleetProcess init = FleetProcess.startJava(runner, "broker-init", backupSrv, logs, "128m", BrokerMain.class,
                    List.of("init", "--hub-host", FleetNetwork.HUB_ADDRESS))) {
                assertThat(init.awaitExit(START_TIMEOUT)).as(init.log()).isZero();
            }
            FleetProcess hub = startHub(backupSrv, logs, "hub");
            // while the hub starts: the prod-srvs' loop file systems (all before any process that outlives them starts:
            // a private mount namespace holds the mounts that exist when it is made) and the receiver's sshd
            List<ProdSrv> prodSrvs = new ArrayList<>();
            for (int i = 1; i <= HOSTS; i++) {
                prodSrvs.add(prodSrv(net, i));
            }
            Path store = Files.createDirectories(dir.resolve("hub/store"));
            LoopbackSshd sshd = register(ReceiverSshd.startIn(FleetProcess.prepared(backupSrv.withScratch(dir.resolve("hub/sshd-overlays")))
                    .prefix(), FleetNetwork.HUB_ADDRESS, Files.createDirectories(dir.resolve("hub/receiver")), store, List.of(
                    "BROKER_URL=\"tcp://localhost:61617?sslEnabled=true;trustStorePath=" + ETC.resolve("broker-truststore.p12") + "\"",
                    // one file for the receiver and the pruner service, so the user that may consume pruner-agent
                    "BROKER_USER=pruner",
                    "BROKER_PASSWORD_FILE=" + ETC.resolve("broker/pruner.password"))));
            hub.awaitLog("broker btrfs-send-backup started", START_TIMEOUT);
            FleetProcess pruner = register(FleetProcess.startJava(runner, "pruner", backupSrv, logs, "128m", PruneMain.class,
                    List.of("service", "-c", dir.resolve("hub/receiver/btrfs-backup-receive.conf").toString())));

            // the prod-srvs: a loop btrfs each, the bundle installed, all three runs at once
            for (int i = 1; i <= HOSTS; i++) {
                install(prodSrvs.get(i - 1), i, hubEtc.resolve("bundles/p" + i), sshd);
            }
            List<FleetProcess> runs = new ArrayList<>();
            for (int i = 1; i <= HOSTS; i++) {
                runs.add(register(FleetProcess.startJava(runner, "run-p" + i, prodSrvs.get(i - 1).launch(), logs, "256m", ProducerMain.class,
                        List.of("run", "--json"))));
            }

            awaitEveryUploadStarted(store, runs);
            assertThat(runs).as("every run still uploads when the hub is killed").allMatch(FleetProcess::isAlive);
            hub.kill();
            Instant killedAt = Instant.now();
            Thread.sleep(HUB_DOWN.toMillis());
            startHub(backupSrv, logs, "hub-restarted").awaitLog("broker btrfs-send-backup started", START_TIMEOUT);

            Map<String, JsonNode> summaries = new TreeMap<>();
            for (int i = 1; i <= HOSTS; i++) {
                FleetProcess run = runs.get(i - 1);
                assertThat(run.awaitExit(RUN_TIMEOUT)).as(run.log()).isZero();
                JsonNode summary = summary(run);
                assertThat(summary.get("status").asText()).as(run.log()).isEqualTo("ok");
                assertThat(summary.get("eventsAwaitingForward").asLong()).as(run.log()).isZero();
                summaries.put("p" + i, summary);
            }

            for (Map.Entry<String, JsonNode> host : summaries.entrySet()) {
                String snapshot = host.getValue().get("snapshot").asText();
                assertThat(storedNames(store.resolve(host.getKey() + "/rootfs")))
                        .contains(snapshot + ".full.btrfs.gpg", snapshot + ".manifest");
            }

            List<JsonNode> audit = console(backupSrv, logs, "events", "list", "--json");
            for (int i = 1; i <= HOSTS; i++) {
                String host = "p" + i;
                List<AuditEvent> published = LocalJournal.events(dir.resolve(host + "/var/broker-local"), 9100 + i);
                List<JsonNode> atHub = audit.stream().filter(e -> host.equals(e.get("host").asText())).toList();
                Map<String, Long> copies = atHub.stream().collect(Collectors.groupingBy(e -> e.get("eventId").asText(),
                        TreeMap::new, Collectors.counting()));
                assertThat(copies).as("%s's events at the hub, by event id", host).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(copies.keySet()).as("%s: the hub holds exactly what it published (hub: %s; published: %s)", host,
                        atHub.stream().map(e -> e.get("type").asText() + " " + e.get("eventId").asText()).toList(),
                        published.stream().map(e -> e.type() + " " + e.eventId()).toList())
                        .isEqualTo(published.stream().map(AuditEvent::eventId).collect(Collectors.toCollection(TreeSet::new)));
                assertThat(published).extracting(AuditEvent::type).contains("BackupRequested", "SnapshotCreated", "StreamSent",
                        "BackupCompleted");
                assertThat(published).as("%s published while the hub was down or restarting", host)
                        .anyMatch(e -> e.publishedAt().isAfter(killedAt));
                assertThat(atHub).as("%s's events name its set and its run", host).allSatisfy(e -> {
                    assertThat(e.get("backupSet").asText()).isEqualTo(host + "/rootfs");
                    assertThat(e.get("runId").asText()).isEqualTo(summaries.get(host).get("runId").asText());
                });
            }

            JsonNode status = console(backupSrv, logs, "status", "--json").get(0);
            assertThat(status.get("ok").asBoolean()).as(status.toString()).isTrue();
            assertThat(status.get("sets").findValuesAsText("backupSet")).containsExactlyInAnyOrder("p1/rootfs", "p2/rootfs", "p3/rootfs");
            assertThat(status.get("sets").findValuesAsText("verdict")).containsOnly("OK");
            assertThat(pruner.isAlive()).as(pruner.log()).isTrue();
        } finally {
            closeAll();
        }
    }

    private static void assumeFleet() {
        SystemTests.assumeLoopBtrfs();
        for (String tool : new String[] {"ip", "tc", "unshare", "sshd", "ssh", "ssh-keygen", "keytool"}) {
            SystemTests.assumeTool(tool);
        }
    }

    private FleetProcess startHub(HostLaunch backupSrv, Path logs, String name) throws Exception {
        return register(FleetProcess.startJava(runner, name, backupSrv, logs, "256m", BrokerMain.class, List.of()));
    }

    /** A prod-srv: how to run a program as it, its directory in the test, its loop btrfs (SOURCE_TOP). */
    private record ProdSrv(HostLaunch launch, Path home, Path sourceTop) {
    }

    /**
     * prod-srv number i: its loop btrfs with random data in @rootfs, and its own
     * /etc/btrfs-send-backup, /root/.config/btrfs-send-backup and /var/lib/btrfs-send-backup.
     */
    private ProdSrv prodSrv(FleetNetwork net, int i) throws Exception {
        String host = "p" + i;
        LoopBtrfs btrfs = register(LoopBtrfs.create());
        Path subvolume = btrfs.mountPoint().resolve("@rootfs");
        runner.run(CommandLine.of("btrfs", "subvolume", "create", subvolume.toString()).describedAs("create " + host + "'s @rootfs"));
        writeRandom(subvolume.resolve("data.bin"), new Random(i));
        Path home = Files.createDirectories(dir.resolve(host));
        return new ProdSrv(HostLaunch.of(net.host(i), host, home).bind(privateDirectory(home.resolve("etc")), ETC)
                .bind(privateDirectory(home.resolve("root-config")), ROOT_CONFIG).bind(privateDirectory(home.resolve("var")), VAR),
                home, btrfs.mountPoint());
    }

    /** The README's steps on prod-srv number i: its prod.conf, and the bundle init made for it installed. */
    private static void install(ProdSrv prodSrv, int i, Path bundle, LoopbackSshd sshd) throws IOException {
        String host = "p" + i;
        Path home = prodSrv.home();
        Path top = prodSrv.sourceTop();
        Path etc = home.resolve("etc");
        Path rootConfig = home.resolve("root-config");
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "fleet passphrase of " + host + "\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        Files.copy(bundle.resolve("broker-truststore.p12"), etc.resolve("broker-truststore.p12"));
        Files.copy(bundle.resolve("broker-password"), rootConfig.resolve("broker-password"));
        Files.setPosixFilePermissions(rootConfig.resolve("broker-password"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(etc.resolve("prod.conf"), String.join("\n",
                "SOURCE_TOP=" + top,
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + top.resolve("@backup-snapshots"),
                "SNAPSHOT_PREFIX=" + host + "-rootfs",
                "BACKUP_SET=" + host + "/rootfs",
                "BACKUP_SSH_TARGET=root@" + FleetNetwork.HUB_ADDRESS,
                "BACKUP_SSH_PORT=" + sshd.port(),
                "BACKUP_SSH_IDENTITY_FILE=" + sshd.clientKey(),
                "BACKUP_SSH_KNOWN_HOSTS=" + sshd.knownHosts(),
                "PASSPHRASE_FILE=" + passphrase,
                "SERVICES_TO_QUIESCE=()",
                "RUN_DEADLINE=3m",
                "LOCK_FILE=" + home.resolve("lock"),
                "STATE_FILE=" + home.resolve("sent"),
                "BROKER_FORWARD_WAIT=60s",
                "") + Files.readString(bundle.resolve("prod.conf.snippet")));
    }

    /** Until the receiver has begun storing every host's stream (its set directory exists), while every run still runs. */
    private static void awaitEveryUploadStarted(Path store, List<FleetProcess> runs) throws InterruptedException {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (!Stream.of("p1", "p2", "p3").allMatch(host -> Files.isDirectory(store.resolve(host + "/rootfs")))) {
            for (FleetProcess run : runs) {
                assertThat(run.isAlive()).as("%s ended before every upload began: %s", run.name(), run.log()).isTrue();
            }
            assertThat(Instant.now()).as("every upload begins").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** A console command on backup-srv with no connection flags (the hub's broker.conf gives them): its JSON lines. */
    private List<JsonNode> console(HostLaunch backupSrv, Path logs, String... args) throws Exception {
        String name = "console-" + String.join("-", args).replace("--", "");
        try (FleetProcess console = FleetProcess.startJava(runner, name, backupSrv, logs, "128m", OpsMain.class, List.of(args))) {
            assertThat(console.awaitExit(START_TIMEOUT)).as(console.log()).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : console.log().split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(JsonFormats.line().readTree(line));
                }
            }
            assertThat(lines).as(console.log()).isNotEmpty();
            return lines;
        }
    }

    private static JsonNode summary(FleetProcess run) throws IOException {
        String line = run.log().lines().filter(l -> l.startsWith("{") && l.contains("\"runId\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(run.name() + " printed no JSON summary: " + run.log()));
        return JsonFormats.line().readTree(line);
    }

    private static List<String> storedNames(Path setDirectory) throws IOException {
        try (Stream<Path> files = Files.list(setDirectory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Path privateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private static void writeRandom(Path file, Random random) throws IOException {
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < DATA_BYTES; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    private <T extends AutoCloseable> T register(T resource) {
        teardown.push(resource);
        return resource;
    }

    /** Processes first (newest first), then sshd, the loop file systems and the namespaces: nothing holds what is removed. */
    private void closeAll() throws Exception {
        Exception failure = null;
        while (!teardown.isEmpty()) {
            try {
                teardown.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
