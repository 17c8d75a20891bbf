package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.PruneConfig;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

/** btrfs-backup-prune as cron and an operator run it. */
class PruneMainTest {

    /** The seed README's line, verbatim. */
    static final String SEED_CRON_LINE = "17 4 * * * root BACKUP_ROOT=/mnt/sdb1/btrfs-send-backups BACKUP_SET=prod-srv/rootfs"
            + " KEEP_DAILY=7 KEEP_WEEKLY=4 KEEP_MONTHLY=12 /usr/local/sbin/btrfs-backup-prune";
    static final Path DEPLOY = Path.of("..", "ops", "deploy", "backup-srv");

    @TempDir
    Path root;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Map<String, String> env, String... args) {
        return PruneMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** The environment cron gives the command, with BACKUP_ROOT on the temp directory and no broker config. */
    Map<String, String> cronEnvironment() {
        Map<String, String> env = new HashMap<>(environmentOf(SEED_CRON_LINE));
        env.put("BACKUP_ROOT", root.toString());
        env.put(BackupSrvConfig.CONFIG_ENV, root.resolve("no-such-config").toString());
        return env;
    }

    static Map<String, String> environmentOf(String cronLine) {
        List<String> words = Arrays.asList(cronLine.split(" "));
        Map<String, String> env = new LinkedHashMap<>();
        words.subList(6, words.size() - 1).forEach(w -> env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1)));
        return env;
    }

    /** The seed's line with -q: cron mails only a failure. */
    @Test
    void theShippedCronLineIsTheSeedsAndRunsThisProgram() throws Exception {
        assertThat(Files.readString(DEPLOY.resolve("btrfs-backup-prune.cron"))).isEqualTo(SEED_CRON_LINE + " -q\n");
        assertThat(SEED_CRON_LINE).endsWith(" /usr/local/sbin/btrfs-backup-prune");
        assertThat(Files.readString(DEPLOY.resolve("btrfs-backup-prune")))
                .contains(PruneMain.class.getName() + " \"$@\"");

        PruneConfig config = PruneConfig.fromEnvironment(environmentOf(SEED_CRON_LINE));

        assertThat(config.backupRoot()).isEqualTo(Path.of("/mnt/sdb1/btrfs-send-backups"));
        assertThat(config.backupSet()).isEqualTo("prod-srv/rootfs");
        assertThat(config.keep()).isEqualTo(new RetentionPolicy(7, 4, 12));
    }

    @Test
    void theCronRunPrunesWithTheEnvironmentsPolicy() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 400, 30);
        RetentionPlan expected = RetentionPlanner.plan(store.points, new RetentionPolicy(7, 4, 12), Set.of(),
                ChainMode.STREAM_CHAINS);

        assertThat(run(cronEnvironment())).isEqualTo(ExitCodes.OK);

        assertThat(store.files()).contains(expected.keep().get(0).name() + StoreLayout.MANIFEST_SUFFIX)
                .doesNotContain(expected.delete().get(0).name() + StoreLayout.MANIFEST_SUFFIX);
        assertThat(store.files()).hasSize(2 * expected.keep().size() + 1);
        assertThat(out.toString()).contains("deleted " + expected.delete().size() + " stream(s)");
        assertThat(err.toString()).isEmpty();
    }

    /** -q, as the shipped cron line runs it: a prune that deletes prints nothing at all, so cron mails nothing. */
    @Test
    void aQuietCronRunPrintsNothingOnSuccess() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 60, 10);
        Set<String> before = store.files();

        assertThat(run(cronEnvironment(), "-q")).isEqualTo(ExitCodes.OK);

        assertThat(store.files()).hasSizeLessThan(before.size());
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    /** With stderr on the journal (JOURNAL_STREAM names it), the failure line carries the error priority, quiet or not. */
    @ParameterizedTest
    @ValueSource(strings = {"--quiet", "--dry-run"})
    void onTheJournalTheFailureLineCarriesTheErrorPriority(String option) throws Exception {
        Map<String, String> env = cronEnvironment();
        long device = ((Number) Files.getAttribute(Path.of("/proc/self/fd/2"), "unix:dev")).longValue();
        long inode = ((Number) Files.getAttribute(Path.of("/proc/self/fd/2"), "unix:ino")).longValue();
        env.put(org.btrfssendbackup.core.logging.JournalStream.VARIABLE,
                Long.toUnsignedString(device) + ":" + Long.toUnsignedString(inode));

        assertThat(run(env, option)).isEqualTo(ExitCodes.FAILED);

        assertThat(err.toString().lines().toList()).as(err.toString())
                .anyMatch(l -> l.startsWith(option.equals("--quiet")
                        ? "<3>btrfs-backup-prune: prune of set prod-srv/rootfs FAILED: " : "<3>btrfs-backup-prune: failed: "))
                .noneMatch(l -> l.startsWith("btrfs-backup-prune: failed") || l.contains("prune of set") && !l.startsWith("<3>"));
    }

    /** A quiet failure is one line that names the set, the cause and what to do; the exit status is unchanged. */
    @Test
    void aQuietFailureIsOneLineWithTheSetTheCauseAndWhatToDo() {
        assertThat(run(cronEnvironment(), "--quiet")).isEqualTo(ExitCodes.FAILED);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("btrfs-backup-prune: prune of set prod-srv/rootfs FAILED: ")
                .contains("no such set", "what to do: check BACKUP_ROOT and BACKUP_SET");
    }

    @Test
    void dryRunPrintsThePlanWithReasonsAndDeletesNothing() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 60, 10);
        Set<String> before = store.files();

        assertThat(run(cronEnvironment(), "--dry-run")).isEqualTo(ExitCodes.OK);

        assertThat(store.files()).containsAll(before).hasSize(before.size() + 1);
        String latest = store.points.get(59).name();
        assertThat(out.toString()).contains("(dry run: nothing is deleted)")
                .contains("keep " + latest + " LATEST DAILY(2024-02-29) WEEKLY(2024-W09) MONTHLY(2024-02)")
                .contains("delete " + store.points.get(1).name())
                .contains("would delete ");
    }

    @Test
    void jsonOutputIsOneObjectWithCountsAndWarnings() throws Exception {
        StoredSetFixture store = new StoredSetFixture(root).daily(PrunerTest.START, 60, 10);
        Files.writeString(store.dir.resolve("notes.txt"), "mine");

        assertThat(run(cronEnvironment(), "--json")).isEqualTo(ExitCodes.OK);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("set").asText()).isEqualTo("prod-srv/rootfs");
        assertThat(json.get("deletedCount").asInt()).isEqualTo(json.get("deleted").size()).isPositive();
        assertThat(json.get("keptCount").asInt() + json.get("deletedCount").asInt()).isEqualTo(60);
        assertThat(json.get("warnings").get(0).get("file").asText()).isEqualTo("notes.txt");
        assertThat(json.get("eventsPublished").isNull()).isTrue();
        assertThat(err.toString()).contains("warning: notes.txt");
        assertThat(store.files()).contains("notes.txt");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"BACKUP_SET,", "BACKUP_SET,../etc", "KEEP_DAILY,seven", "KEEP_WEEKLY,-1", "BACKUP_ROOT,relative/path"})
    void aBadEnvironmentIsAUsageErrorNamingTheKey(String key, String value) {
        Map<String, String> env = cronEnvironment();
        if (value == null) {
            env.remove(key);
        } else {
            env.put(key, value);
        }

        assertThat(run(env)).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains(key);
    }

    @Test
    void aMissingSetFails() {
        assertThat(run(cronEnvironment())).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("no such set").contains("prod-srv/rootfs");
    }

    @Test
    void helpExplainsTheEnvironmentAndExitCodes() {
        assertThat(run(cronEnvironment(), "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("BACKUP_SET", "KEEP_DAILY", "--dry-run", "--json", "Exit status", "service");
    }

    @Test
    void theServiceRefusesABadScheduleAsAUsageError() {
        assertThat(run(cronEnvironment(), "service", "--at", "25:00")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("25:00");
    }

    @ParameterizedTest
    @CsvSource({"''", "scrub", "service"})
    void everyCommandDescribesTheOneConfigOptionTheSameWay(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};

        assertThat(run(cronEnvironment(), args)).isEqualTo(0);

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("-c, --config=FILE", "$BTRFS_BACKUP_RECEIVE_CONFIG or /etc/default/btrfs-backup-receive",
                "a missing file means the seed defaults", "the subcommand's own wins");
    }

    @Test
    void aSubcommandReadsTheConfigGivenBeforeIt() throws Exception {
        Path bad = root.resolve("bad.conf");
        Files.writeString(bad, "SCRUB_MAX_BYTES=lots\n");

        assertThat(run(cronEnvironment(), "-c", bad.toString(), "scrub")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("bad.conf").contains("SCRUB_MAX_BYTES");
    }
}
