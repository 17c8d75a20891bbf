package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrub on real files: what is due, the byte budget, damage found and recorded, the command. */
class ScrubberTest {

    static final Instant START = Instant.parse("2024-01-01T02:05:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(120));

    @TempDir
    Path root;

    StoredSetFixture store;

    @BeforeEach
    void setUp() throws IOException {
        store = new StoredSetFixture(root);
        store.daily(START, 20, 10);
    }

    private Scrubber scrubber(long maxBytes, Instant now) {
        return new Scrubber(store.layout, new ScrubSettings(maxBytes, 30, Duration.ofDays(7)), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aPassReadsWithinItsBudgetOldestFirstAndTheNextPassGoesOnWhereItStopped() throws IOException {
        long total = Files.list(store.dir).filter(p -> p.toString().endsWith(".gpg")).mapToLong(p -> p.toFile().length()).sum();

        ScrubResult first = scrubber(total / 2, NOW).scrub(Optional.empty());
        ScrubResult second = scrubber(total, NOW.plusSeconds(60)).scrub(Optional.empty());
        ScrubResult third = scrubber(total, NOW.plusSeconds(120)).scrub(Optional.empty());

        assertThat(first.bytesRead()).isLessThanOrEqualTo(total / 2).isPositive();
        assertThat(first.dueRemaining()).isPositive();
        assertThat(first.checked() + second.checked()).isEqualTo(20);
        assertThat(second.dueRemaining()).isZero();
        assertThat(third.checked()).as("nothing is due again within SCRUB_PASS_DAYS").isZero();
        CheckRecords records = new CheckRecords(store.layout);
        for (RestorePoint point : store.points) {
            assertThat(records.read(StoredSetFixture.SET, SnapshotName.parse(point.name())))
                    .hasValueSatisfying(r -> assertThat(r.passed()).isTrue());
        }
    }

    @Test
    void oneStreamIsCheckedEvenWhenItIsLargerThanTheBudget() throws IOException {
        ScrubResult result = scrubber(1, NOW).scrub(Optional.empty());

        assertThat(result.checked()).isEqualTo(1);
        assertThat(result.dueRemaining()).isEqualTo(19);
    }

    @Test
    void aFlippedByteIsFoundRecordedAndNamesTheRestorePointsItTakesDown() throws IOException {
        RestorePoint full = store.points.get(10);
        store.corrupt(StreamFileName.of(SnapshotName.parse(full.name()), StreamKind.FULL));

        ScrubResult result = scrubber(Long.MAX_VALUE, NOW).scrub(Optional.empty());

        assertThat(result.corrupt()).singleElement().satisfies(c -> {
            assertThat(c.snapshot()).isEqualTo(full.name());
            assertThat(c.unrestorable()).containsExactlyElementsOf(
                    store.points.subList(10, 20).stream().map(RestorePoint::name).toList());
        });
        assertThat(result.events("backup-srv")).extracting(e -> e.type()).containsExactly("StreamCorrupt", "ScrubCompleted");
        // The pruner now plans with that result: the damaged chain is kept, the intact one is the latest.
        PruneResult prune = new Pruner(store.layout, new FileSystemDeleter(), Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofSeconds(2)).prune(StoredSetFixture.SET, new org.btrfssendbackup.core.retention.RetentionPolicy(1, 0, 0),
                true);
        assertThat(prune.plan().unrestorable()).hasSize(10);
        assertThat(prune.plan().keep()).filteredOn(k -> k.hasReason(org.btrfssendbackup.core.retention.KeepReason.Kind.LATEST))
                .singleElement().satisfies(k -> assertThat(k.name()).isEqualTo(store.points.get(9).name()));
    }

    @Test
    void theCommandExitsFourOnDamageAndNamesTheFile() throws IOException {
        RestorePoint incr = store.points.get(15);
        store.corrupt(StreamFileName.of(SnapshotName.parse(incr.name()), StreamKind.INCR));
        Path config = root.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = PruneMain.run(new String[] {"scrub", "--json"}, Map.of("BTRFS_BACKUP_RECEIVE_CONFIG", config.toString()),
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(status).isEqualTo(PruneExitCodes.DAMAGED);
        assertThat(err.toString()).contains("DAMAGED", incr.name() + ".incr.btrfs.gpg", "sha256");
        assertThat(out.toString()).contains("\"checked\":20", "\"unrestorable\":[");
    }

    @Test
    void theCommandsBudgetOverrideTakesTheConfigsSyntaxAndABadOneIsAUsageErrorNamingTheOption() throws IOException {
        Path config = root.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\n");
        Map<String, String> env = Map.of("BTRFS_BACKUP_RECEIVE_CONFIG", config.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int small = PruneMain.run(new String[] {"scrub", "--json", "--max-bytes", "1K"}, env,
                new PrintWriter(out, true), new PrintWriter(err, true));
        int bad = PruneMain.run(new String[] {"scrub", "--max-bytes", "5GB"}, env,
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(small).as(err.toString()).isEqualTo(ExitCodes.OK);
        var json = org.btrfssendbackup.messages.JsonFormats.line().readTree(out.toString());
        assertThat(json.get("bytesRead").asLong()).as("1K read as 1024 bytes").isPositive().isLessThanOrEqualTo(1024);
        assertThat(json.get("dueRemaining").asInt()).as("the budget, not the configured 50G, ended the pass").isPositive();
        assertThat(bad).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--max-bytes '5GB'", "unit K, M, G or T");
    }
}
