package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupSetsTest {

    private static final Predicate<Path> SECRETS_EXIST = p -> true;

    /** The keys every set shares; no SOURCE_SUBVOL, BACKUP_SET, SNAPSHOT_PREFIX or STATE_FILE. */
    private static final String SHARED = """
            SOURCE_TOP=/mnt/btrfs-root
            SNAPSHOT_DIR=/mnt/btrfs-root/@backup-snapshots
            BACKUP_SSH_TARGET=btrfs-ingest@backup-srv
            PASSPHRASE_FILE=/root/pass
            LOCK_FILE=/run/custom.lock
            """;

    private static ConfigFile set(String file, String name, String subvol, String stateFile, String prefix) {
        return ShellConfigParser.parse(file, "BACKUP_SET=" + name + "\nSOURCE_SUBVOL=" + subvol
                + "\nSTATE_FILE=" + stateFile + "\nSNAPSHOT_PREFIX=" + prefix + "\n");
    }

    private static final ConfigFile ROOTFS = set("sets.d/10-rootfs.conf", "prod/rootfs", "@rootfs",
            "/var/lib/b/rootfs", "rootfs");
    private static final ConfigFile HOME = set("sets.d/20-home.conf", "prod/home", "@home", "/var/lib/b/home", "home");

    @Test
    void withoutSetFilesProdConfIsTheOneSet() {
        ConfigFile seed = Resources.parse("seed-prod.conf");
        List<BackupSets.BackupSet> sets = BackupSets.from(seed, List.of(), SECRETS_EXIST);
        assertThat(sets).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo("seed-prod.conf");
            assertThat(s.config()).isEqualTo(ProducerConfig.from(seed, SECRETS_EXIST));
        });
    }

    @Test
    void eachSetFileIsOneSetOverTheSharedKeysInFileOrder() {
        ConfigFile main = ShellConfigParser.parse("prod.conf", SHARED);
        List<BackupSets.BackupSet> sets = BackupSets.from(main, List.of(ROOTFS, HOME), SECRETS_EXIST);
        assertThat(sets).extracting(BackupSets.BackupSet::name).containsExactly("prod/rootfs", "prod/home");
        ProducerConfig home = sets.get(1).config();
        assertThat(home.sourceSubvolume()).isEqualTo(Path.of("/mnt/btrfs-root/@home"));
        assertThat(home.stateFile()).isEqualTo(Path.of("/var/lib/b/home"));
        assertThat(home.lockFile()).isEqualTo(Path.of("/run/custom.lock"));
        assertThat(home.origins()).containsEntry("SOURCE_SUBVOL", "sets.d/20-home.conf:2")
                .containsEntry("LOCK_FILE", "prod.conf:5");
    }

    @Test
    void aSetFileOverridesASharedKey() {
        ConfigFile main = ShellConfigParser.parse("prod.conf", SHARED + "FULL_INTERVAL_DAYS=32\n");
        ConfigFile home = ShellConfigParser.parse("home.conf", "BACKUP_SET=p/home\nSOURCE_SUBVOL=@home\n"
                + "STATE_FILE=/s/home\nSNAPSHOT_PREFIX=home\nFULL_INTERVAL_DAYS=7\n");
        assertThat(BackupSets.from(main, List.of(ROOTFS, home), SECRETS_EXIST).get(1).config().fullIntervalDays())
                .isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // key at fault | second set (name, subvol, state file, prefix) | message part
        "BACKUP_SET      | prod/rootfs, @home,   /var/lib/b/home,   home   | the same BACKUP_SET (prod/rootfs)",
        "SOURCE_SUBVOL   | prod/home,   @rootfs, /var/lib/b/home,   home   | the same SOURCE_SUBVOL (/mnt/btrfs-root/@rootfs)",
        "STATE_FILE      | prod/home,   @home,   /var/lib/b/rootfs, home   | the same STATE_FILE (/var/lib/b/rootfs)",
        "SNAPSHOT_PREFIX | prod/home,   @home,   /var/lib/b/home,   rootfs | the same SNAPSHOT_DIR and SNAPSHOT_PREFIX",
    })
    void duplicatesNameBothFiles(String key, String second, String message) {
        String[] f = second.split(",\\s*");
        ConfigFile other = set("sets.d/20-other.conf", f[0], f[1], f[2], f[3]);
        ConfigException e = catchThrowableOfType(() -> BackupSets.from(ShellConfigParser.parse("prod.conf", SHARED),
                List.of(ROOTFS, other), SECRETS_EXIST), ConfigException.class);
        assertThat(e.key()).contains(key);
        assertThat(e.getMessage()).startsWith("sets.d/20-other.conf: " + key + ": ").contains(message)
                .contains("as sets.d/10-rootfs.conf");
    }

    @ParameterizedTest
    @CsvSource({"LOCK_FILE=/run/other.lock", "BROKER_URL=tcp://x:61616", "BACKUP_SCHEDULE=03:00",
            "BACKUP_SETS_DIR=/etc/x", "LOCAL_BROKER_DIR=/var/lib/x"})
    void aRunWideKeyInASetFileIsAnErrorNamingFileKeyAndLine(String line) {
        ConfigFile bad = ShellConfigParser.parse("sets.d/home.conf", "BACKUP_SET=p/home\n" + line + "\n");
        ConfigException e = catchThrowableOfType(() -> BackupSets.from(ShellConfigParser.parse("prod.conf", SHARED),
                List.of(bad), SECRETS_EXIST), ConfigException.class);
        assertThat(e.getMessage()).startsWith("sets.d/home.conf:2: " + line.substring(0, line.indexOf('=')) + ": ")
                .contains("whole run");
    }

    @Test
    void aBadValueInASetFileNamesTheSetFile() {
        ConfigFile bad = ShellConfigParser.parse("sets.d/home.conf", "BACKUP_SET=p/home\nSOURCE_SUBVOL=@home\n"
                + "STATE_FILE=relative\nSNAPSHOT_PREFIX=home\n");
        ConfigException e = catchThrowableOfType(() -> BackupSets.from(ShellConfigParser.parse("prod.conf", SHARED),
                List.of(bad), SECRETS_EXIST), ConfigException.class);
        assertThat(e.getMessage()).startsWith("sets.d/home.conf:3: STATE_FILE: ");
    }

    @ParameterizedTest(name = "--set {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-           | prod/rootfs prod/home",
        "prod/home   | prod/home",
        "prod/rootfs | prod/rootfs",
    })
    void selectRunsAllOrTheNamedSet(String name, String expected) {
        List<BackupSets.BackupSet> sets = BackupSets.from(ShellConfigParser.parse("prod.conf", SHARED),
                List.of(ROOTFS, HOME), SECRETS_EXIST);
        assertThat(BackupSets.select(sets, Optional.ofNullable(name))).extracting(BackupSets.BackupSet::name)
                .containsExactly(expected.split(" "));
    }

    @Test
    void selectingAnUnknownSetListsTheSets() {
        List<BackupSets.BackupSet> sets = BackupSets.from(ShellConfigParser.parse("prod.conf", SHARED),
                List.of(ROOTFS, HOME), SECRETS_EXIST);
        assertThatThrownBy(() -> BackupSets.select(sets, Optional.of("prod/var")))
                .hasMessage("no backup set named prod/var (the sets are: prod/rootfs, prod/home)");
    }

    @Test
    void loadReadsSetsDBesideProdConfSortedByNameAndIgnoresOtherFiles(@TempDir Path dir) throws Exception {
        Path prod = dir.resolve("prod.conf");
        Files.writeString(prod, SHARED.replace("PASSPHRASE_FILE=/root/pass", "PASSPHRASE_FILE=" + prod));
        Path setsDir = Files.createDirectory(dir.resolve("sets.d"));
        Files.writeString(setsDir.resolve("20-home.conf"), "BACKUP_SET=p/home\nSOURCE_SUBVOL=@home\n"
                + "STATE_FILE=/s/home\nSNAPSHOT_PREFIX=home\n");
        Files.writeString(setsDir.resolve("10-root.conf"), "BACKUP_SET=p/root\nSOURCE_SUBVOL=@root\n"
                + "STATE_FILE=/s/root\nSNAPSHOT_PREFIX=root\n");
        Files.writeString(setsDir.resolve("README"), "not a set");
        Files.writeString(setsDir.resolve("30-old.conf.disabled"), "not a set either");
        assertThat(BackupSets.load(prod)).extracting(BackupSets.BackupSet::name).containsExactly("p/root", "p/home");
    }

    @Test
    void loadWithoutSetsDIsProdConfAlone(@TempDir Path dir) throws Exception {
        Path prod = dir.resolve("prod.conf");
        Files.writeString(prod, SHARED.replace("PASSPHRASE_FILE=/root/pass", "PASSPHRASE_FILE=" + prod)
                + "BACKUP_SET=p/root\nSOURCE_SUBVOL=@root\nSTATE_FILE=/s/root\nSNAPSHOT_PREFIX=root\n");
        assertThat(BackupSets.load(prod)).singleElement()
                .satisfies(s -> assertThat(s.file()).isEqualTo(prod.toString()));
    }

    @Test
    void backupSetsDirIsRelativeToProdConf(@TempDir Path dir) throws Exception {
        Path prod = dir.resolve("prod.conf");
        ConfigFile main = ShellConfigParser.parse("prod.conf", "BACKUP_SETS_DIR=my-sets\n");
        assertThat(BackupSets.setsDir(prod, main)).isEqualTo(dir.resolve("my-sets"));
        assertThat(BackupSets.setsDir(prod, ShellConfigParser.parse("prod.conf", "BACKUP_SETS_DIR=/etc/s\n")))
                .isEqualTo(Path.of("/etc/s"));
        assertThat(BackupSets.setsDir(prod, ShellConfigParser.parse("prod.conf", ""))).isEqualTo(dir.resolve("sets.d"));
    }
}
