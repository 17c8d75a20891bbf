package org.btrfssendbackup.ops.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.ops.rig.ReceiverSshd;
import org.btrfssendbackup.producer.ProducerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several backup sets on one prod-srv, through the real command: prod.conf with the shared keys
 * and sets.d with one file per set, real loop btrfs on both sides, the real receiver behind a
 * loopback sshd. One `run` backs up every set under one lock; each set keeps its own chain; a
 * set whose subvolume is missing fails alone.
 */
class BackupSetsSystemTest {

    @TempDir
    Path dir;

    record Run(int status, List<JsonNode> sets, String err) {
        JsonNode of(String set) {
            return sets.stream().filter(s -> s.get("backupSet").asText().equals(set)).findFirst().orElseThrow();
        }
    }

    @Test
    void oneRunBacksUpEverySetWithItsOwnChainAndAMissingSourceFailsOnlyItsSet() throws Exception {
        EndToEnd.assumeSystem();
        LocalProcessRunner runner = new LocalProcessRunner();
        try (LoopBtrfs prod = LoopBtrfs.create(); LoopBtrfs backup = LoopBtrfs.create()) {
            Path backupRoot = Files.createDirectories(backup.mountPoint().resolve("btrfs-send-backups"));
            for (String subvol : List.of("@rootfs", "@home")) {
                runner.run(CommandLine.of("btrfs", "subvolume", "create", prod.mountPoint().resolve(subvol).toString()));
                Files.writeString(prod.mountPoint().resolve(subvol).resolve("hello.txt"), "hello from " + subvol + "\n");
            }
            try (LoopbackSshd sshd = ReceiverSshd.start(Files.createDirectories(dir.resolve("backup-srv")), backupRoot)) {
                Path conf = writeConfig(prod.mountPoint(), sshd);

                Run first = run(conf);

                assertThat(first.status()).as(first.err()).isEqualTo(1);
                assertThat(first.sets()).extracting(s -> s.get("backupSet").asText())
                        .containsExactly("prod-srv/rootfs", "prod-srv/home", "prod-srv/var");
                assertThat(first.of("prod-srv/rootfs").get("status").asText()).as(first.err()).isEqualTo("ok");
                assertThat(first.of("prod-srv/home").get("status").asText()).as(first.err()).isEqualTo("ok");
                assertThat(first.of("prod-srv/var").get("status").asText()).isEqualTo("failed");
                assertThat(first.of("prod-srv/var").get("error").asText()).contains("the source subvolume does not exist");
                assertThat(first.err()).contains("backup set prod-srv/rootfs: ok", "backup set prod-srv/home: ok",
                        "backup set prod-srv/var: failed");

                Files.writeString(prod.mountPoint().resolve("@home/more.txt"), "a change\n");
                Run second = run(conf);

                for (String set : List.of("prod-srv/rootfs", "prod-srv/home")) {
                    JsonNode before = first.of(set);
                    JsonNode after = second.of(set);
                    assertThat(after.get("status").asText()).as(second.err()).isEqualTo("ok");
                    assertThat(after.get("kind").asText()).isEqualTo("incr");
                    assertThat(after.get("parent").asText()).as("%s's own chain", set)
                            .isEqualTo(before.get("snapshot").asText());
                    assertThat(storedNames(backupRoot.resolve(set)))
                            .anyMatch(n -> n.startsWith(before.get("snapshot").asText()))
                            .anyMatch(n -> n.startsWith(after.get("snapshot").asText()))
                            .noneMatch(n -> n.startsWith(set.equals("prod-srv/home") ? "prod-srv-rootfs-" : "prod-srv-home-"));
                }
                assertThat(first.of("prod-srv/home").get("snapshot").asText()).startsWith("prod-srv-home-");
                assertThat(Path.of(dir + "/state/home-sent")).exists();
                assertThat(Path.of(dir + "/state/rootfs-sent")).exists();
                assertThat(Path.of(dir + "/state/var-sent")).doesNotExist();
                assertThat(backupRoot.resolve("prod-srv/var")).doesNotExist();
            }
        }
    }

    private Path writeConfig(Path top, LoopbackSshd sshd) throws Exception {
        Path passphrase = dir.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple multiset\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        Path state = Files.createDirectories(dir.resolve("state"));
        Path conf = dir.resolve("prod.conf");
        Files.writeString(conf, String.join("\n",
                "SOURCE_TOP=" + top,
                "SNAPSHOT_DIR=" + top.resolve("@backup-snapshots"),
                "BACKUP_SSH_TARGET=root@127.0.0.1",
                "BACKUP_SSH_PORT=" + sshd.port(),
                "BACKUP_SSH_IDENTITY_FILE=" + sshd.clientKey(),
                "BACKUP_SSH_KNOWN_HOSTS=" + sshd.knownHosts(),
                "PASSPHRASE_FILE=" + passphrase,
                "SERVICES_TO_QUIESCE=()",
                "RUN_DEADLINE=3m",
                "LOCK_FILE=" + state.resolve("lock"),
                ""));
        Path sets = Files.createDirectories(dir.resolve("sets.d"));
        Map<String, String> byFile = new LinkedHashMap<>();
        byFile.put("10-rootfs.conf", "rootfs");
        byFile.put("20-home.conf", "home");
        byFile.put("30-var.conf", "var");
        for (Map.Entry<String, String> e : byFile.entrySet()) {
            String name = e.getValue();
            Files.writeString(sets.resolve(e.getKey()), String.join("\n",
                    "BACKUP_SET=prod-srv/" + name,
                    "SOURCE_SUBVOL=@" + name,
                    "SNAPSHOT_PREFIX=prod-srv-" + name,
                    "STATE_FILE=" + state.resolve(name + "-sent"),
                    ""));
        }
        return conf;
    }

    private Run run(Path conf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ProducerMain.execute(new String[] {"--config", conf.toString(), "--broker-dir",
                dir.resolve("broker").toString(), "run", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> sets = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                sets.add(JsonFormats.line().readTree(line));
            }
        }
        return new Run(status, sets, err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> storedNames(Path setDirectory) throws Exception {
        try (Stream<Path> files = Files.list(setDirectory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
