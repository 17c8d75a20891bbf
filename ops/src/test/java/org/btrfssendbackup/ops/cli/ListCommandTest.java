package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.ManifestWriter;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list}: the store's restore points per set, like btrbk list, through the one store reader. */
class ListCommandTest {

    private static final String SHA = "a".repeat(64);

    @TempDir
    Path root;

    private StoreLayout layout;

    @BeforeEach
    void store() throws Exception {
        layout = new StoreLayout(root);
        SnapshotName full = SnapshotName.parse("prod-srv-rootfs-20260301T020500Z");
        SnapshotName incr = SnapshotName.parse("prod-srv-rootfs-20260302T020500Z");
        stored("prod-srv/rootfs", full, StreamKind.FULL, Optional.empty(), 3_500_000_000L);
        stored("prod-srv/rootfs", incr, StreamKind.INCR, Optional.of(full), 12_345_678L);
        stored("web1/home", SnapshotName.parse("web1-home-20260301T030000Z"), StreamKind.FULL, Optional.empty(), 512);
        // A cut-off upload's stream without a manifest.
        SnapshotName bare = SnapshotName.parse("prod-srv-rootfs-20260303T020500Z");
        Files.writeString(layout.streamFile(BackupSetName.of("prod-srv/rootfs"), StreamFileName.of(bare, StreamKind.INCR)), "x");
    }

    private void stored(String set, SnapshotName snapshot, StreamKind kind, Optional<SnapshotName> parent, long bytes)
            throws Exception {
        BackupSetName name = BackupSetName.of(set);
        Files.createDirectories(layout.setDirectory(name));
        Files.writeString(layout.streamFile(name, StreamFileName.of(snapshot, kind)), "stream");
        Manifest manifest = Manifest.stored(name, snapshot, kind, parent, bytes, SHA, Compression.ZSTD,
                snapshot.time().plusSeconds(60));
        Files.writeString(layout.manifestFile(name, snapshot), ManifestWriter.write(manifest));
    }

    private ConsoleResult list(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "list";
        all[1] = "--backup-root";
        all[2] = root.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()), all);
    }

    @Test
    void everyStoredStreamIsARowWithHostSetSnapshotKindParentSizeAndTime() {
        ConsoleResult result = list();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "HOST      SET              SNAPSHOT                          KIND         PARENT                                SIZE  TIME",
                "prod-srv  prod-srv/rootfs  prod-srv-rootfs-20260301T020500Z  full         -                                  3.3 GiB  2026-03-01T02:05:00Z",
                "prod-srv  prod-srv/rootfs  prod-srv-rootfs-20260302T020500Z  incremental  prod-srv-rootfs-20260301T020500Z  11.8 MiB  2026-03-02T02:05:00Z",
                "prod-srv  prod-srv/rootfs  prod-srv-rootfs-20260303T020500Z  ?            -                                        ?  2026-03-03T02:05:00Z",
                "web1      web1/home        web1-home-20260301T030000Z        full         -                                    512 B  2026-03-01T03:00:00Z");
        assertThat(result.err()).contains("prod-srv-rootfs-20260303T020500Z.incr.btrfs.gpg: no readable manifest");
    }

    @Test
    void hostAndSetFilterAsInTheOtherCommands() {
        assertThat(list("--host", "web1").out().lines().skip(1).toList()).singleElement().asString().startsWith("web1 ");
        ConsoleResult oneSet = list("--set", "web1/home");
        assertThat(oneSet.out().lines().skip(1).toList()).singleElement().asString().contains("web1-home-20260301T030000Z");
        assertThat(oneSet.err()).as("another set's problem is not this listing's").isEmpty();
    }

    @Test
    void jsonIsOneDocumentWithARestorePointPerStream() throws Exception {
        ConsoleResult result = ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()),
                "--json", "list", "--backup-root", root.toString(), "--set", "prod-srv/rootfs");

        JsonNode document = new ObjectMapper().readTree(result.out());
        assertThat(document.get("backupRoot").asText()).isEqualTo(root.toString());
        JsonNode second = document.get("restorePoints").get(1);
        assertThat(second.get("kind").asText()).isEqualTo("incremental");
        assertThat(second.get("parent").asText()).isEqualTo("prod-srv-rootfs-20260301T020500Z");
        assertThat(second.get("bytes").asLong()).isEqualTo(12_345_678L);
        assertThat(Instant.parse(second.get("time").asText())).isEqualTo(Instant.parse("2026-03-02T02:05:00Z"));
        assertThat(document.get("restorePoints")).hasSize(3);
    }

    @Test
    void theStoreComesFromBackupSrvsConfigWhenNotGiven() throws Exception {
        Path config = root.resolve("btrfs-backup-receive");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\n");
        ConsoleResult result = ConsoleHarness.runRaw(new ConsoleEnvironment(
                Map.of(ListCommand.RECEIVE_CONFIG_VARIABLE, config.toString()), Clock.systemUTC(), Terminal.none()),
                "list", "--host", "web1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("web1-home-20260301T030000Z");
    }

    @Test
    void anUnreadableStoreFailsNamingIt() {
        ConsoleResult result = ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none()),
                "list", "--backup-root", root.resolve("missing").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("list: cannot read the store " + root.resolve("missing"));
    }

    @Test
    void whyAddsThePrunersReasonsFromBackupSrvsKeepSettings() throws Exception {
        Path config = root.resolve("btrfs-backup-receive");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\nKEEP_DAILY=1\nKEEP_WEEKLY=0\nKEEP_MONTHLY=0\n");
        SnapshotName older = SnapshotName.parse("web1-home-20260228T030000Z");
        stored("web1/home", older, StreamKind.FULL, Optional.empty(), 256);
        ConsoleEnvironment environment = new ConsoleEnvironment(Map.of(ListCommand.RECEIVE_CONFIG_VARIABLE,
                config.toString()), Clock.systemUTC(), Terminal.none());

        ConsoleResult table = ConsoleHarness.runRaw(environment, "list", "--why", "--set", "web1/home");
        ConsoleResult json = ConsoleHarness.runRaw(environment, "--json", "list", "--why", "--set", "web1/home");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).containsExactly(
                "HOST  SET        SNAPSHOT                    KIND  PARENT   SIZE  TIME                  KEPT BECAUSE",
                "web1  web1/home  web1-home-20260228T030000Z  full  -       256 B  2026-02-28T03:00:00Z  -",
                "web1  web1/home  web1-home-20260301T030000Z  full  -       512 B  2026-03-01T03:00:00Z  LATEST DAILY(2026-03-01)");
        JsonNode points = new ObjectMapper().readTree(json.out()).get("restorePoints");
        assertThat(points.get(0).get("keptBecause")).isEmpty();
        assertThat(points.get(1).get("keptBecause").toString()).isEqualTo("[\"LATEST\",\"DAILY(2026-03-01)\"]");
        assertThat(points.get(1).get("unrestorable").isNull()).isTrue();
    }

    @Test
    void whyWithoutBackupSrvsConfigSaysSoAndShowsNoReasons() {
        ConsoleResult result = ConsoleHarness.runRaw(new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none())
                .withReceiveConfig(root.resolve("no-such-config")), "list", "--backup-root", root.toString(), "--why",
                "--set", "web1/home");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("no backup-srv config file here");
        assertThat(result.out().lines().skip(1).toList()).singleElement().asString().endsWith("  ?");
    }
}
