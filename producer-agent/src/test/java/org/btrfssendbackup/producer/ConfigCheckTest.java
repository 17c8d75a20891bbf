package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.btrfssendbackup.producer.testing.RemoteBtrfsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `config check`: the effective configuration, or FILE:LINE: KEY: problem; exit 0 or 1. */
class ConfigCheckTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ProducerMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aValidConfigurationIsPrintedWithOrigins() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "SERVICES_TO_QUIESCE=(nginx mysql)");

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("SOURCE_SUBVOL=@rootfs", "SERVICES_TO_QUIESCE=(nginx mysql)",
                "COMPRESSION=zstd", "BACKUP_SCHEDULE=02:05", conf + ":2");
        assertThat(run.out()).doesNotContain(ConfigFiles.PASSPHRASE);
    }

    @Test
    void theTopLevelConfigOptionWorksToo() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        assertThat(cli("--config", conf.toString(), "config", "check").status()).isZero();
    }

    @Test
    void anUnknownKeyIsReportedWithFileLineAndKey() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "KEEP_DIALY=7");
        int line = (int) Files.readAllLines(conf).size();

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith(conf + ":" + line + ": KEEP_DIALY: ");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void jsonOutputCarriesValidityAndTheError() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "FULL_INTERVAL_DAYS=soon");

        Run run = cli("config", "check", "--json", "--config", conf.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().trim()).startsWith("{").contains("\"valid\":false", "FULL_INTERVAL_DAYS");
    }

    @Test
    void aRunWithABadConfigurationExitsTwoWithoutAStackTrace() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "BACKUP_MODE=tape");

        Run run = cli("--config", conf.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("BACKUP_MODE").doesNotContain("\tat ");
    }

    @Test
    void theDeployedExampleConfigurationIsValid() throws Exception {
        Path passphrase = ConfigFiles.passphraseFile(dir);
        String example = Files.readString(Path.of("../ops/deploy/prod-srv/prod.conf.example"))
                .replace("PASSPHRASE_FILE=/root/.config/btrfs-send-backup/passphrase", "PASSPHRASE_FILE=" + passphrase);
        Path conf = Files.writeString(dir.resolve("example.conf"), example);

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("SERVICES_TO_QUIESCE=(nginx php8.2-fpm mysql postgresql redis-server)");
    }

    @Test
    void remoteBtrfsShowsItsKeysWithTheKeyFileByPathOnly() throws Exception {
        Path key = RemoteBtrfsFixture.keyFile(dir);
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "BACKUP_MODE=remote-btrfs",
                "LUKS_KEY_FILE=" + key, "FULL_INTERVAL_DAYS=36500");

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("BACKUP_MODE=remote-btrfs", "LUKS_KEY_FILE=" + key, "FULL_INTERVAL_DAYS=36500");
        assertThat(run.out() + run.err()).doesNotContain(RemoteBtrfsFixture.LUKS_KEY.lines().findFirst().orElseThrow());
    }

    @Test
    void aLuksKeyFileReadableByOthersMakesTheConfigurationInvalid() throws Exception {
        Path key = RemoteBtrfsFixture.keyFile(dir);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir, "BACKUP_MODE=remote-btrfs",
                "LUKS_KEY_FILE=" + key);

        Run check = cli("config", "check", "--config", conf.toString());
        assertThat(check.status()).isEqualTo(1);
        assertThat(check.err()).contains("LUKS_KEY_FILE", "chmod 600").doesNotContain("\tat ");

        Run run = cli("--config", conf.toString());
        assertThat(run.status()).as("a run refuses it before anything is done").isEqualTo(2);
        assertThat(run.err()).contains("LUKS_KEY_FILE");
    }

    @Test
    void theDeployedExampleIsValidInRemoteBtrfsModeToo() throws Exception {
        Path key = RemoteBtrfsFixture.keyFile(dir);
        String example = Files.readString(Path.of("../ops/deploy/prod-srv/prod.conf.example"))
                .replace("#BACKUP_MODE=remote-btrfs", "BACKUP_MODE=remote-btrfs")
                .replace("#LUKS_KEY_FILE=/root/.config/btrfs-send-backup/luks-key", "LUKS_KEY_FILE=" + key)
                .replace("#FULL_INTERVAL_DAYS=36500", "FULL_INTERVAL_DAYS=36500");
        Path conf = Files.writeString(dir.resolve("example.conf"), example);

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("BACKUP_MODE=remote-btrfs", "FULL_INTERVAL_DAYS=36500");
    }

    @Test
    void helpDocumentsTheExitStatuses() {
        Run run = cli("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Exit status:", "another backup run holds LOCK_FILE", "run", "service", "config");
    }

    private Path setFile(String file, String set, String subvol, String stateFile, String prefix) throws Exception {
        Path sets = Files.createDirectories(dir.resolve("sets.d"));
        return Files.writeString(sets.resolve(file), "BACKUP_SET=" + set + "\nSOURCE_SUBVOL=" + subvol
                + "\nSTATE_FILE=" + dir.resolve(stateFile) + "\nSNAPSHOT_PREFIX=" + prefix + "\n");
    }

    @Test
    void everySetFileIsCheckedAndPrintedUnderItsName() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        Path root = setFile("10-rootfs.conf", "prod-srv/rootfs", "@rootfs", "rootfs-sent", "rootfs");
        Path home = setFile("20-home.conf", "prod-srv/home", "@home", "home-sent", "home");

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).isZero();
        assertThat(run.out()).containsSubsequence("# backup set prod-srv/rootfs (" + root + ")", "SOURCE_SUBVOL=@rootfs",
                "# backup set prod-srv/home (" + home + ")", "SOURCE_SUBVOL=@home", home + ":2");
        Run json = cli("config", "check", "--json", "--config", conf.toString());
        assertThat(json.out()).contains("\"sets\":[{\"backupSet\":\"prod-srv/rootfs\"", "\"backupSet\":\"prod-srv/home\"");
    }

    @Test
    void twoSetFilesWithTheSameStateFileAreAnErrorNamingBoth() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        Path root = setFile("10-rootfs.conf", "prod-srv/rootfs", "@rootfs", "sent", "rootfs");
        Path home = setFile("20-home.conf", "prod-srv/home", "@home", "sent", "home");

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith(home + ": STATE_FILE: the same STATE_FILE").contains("as " + root);
    }

    @Test
    void aBadSetFileIsReportedWithItsFileLineAndKey() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        setFile("10-rootfs.conf", "prod-srv/rootfs", "@rootfs", "rootfs-sent", "rootfs");
        Path bad = Files.writeString(dir.resolve("sets.d/20-home.conf"), "BACKUP_SET=prod-srv/home\nLOCK_FILE=/run/x\n");

        Run run = cli("config", "check", "--config", conf.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith(bad + ":2: LOCK_FILE: applies to the whole run");
    }

    @Test
    void runWithAnUnknownSetIsAUsageErrorListingTheSets() throws Exception {
        Path conf = ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir);
        setFile("10-rootfs.conf", "prod-srv/rootfs", "@rootfs", "rootfs-sent", "rootfs");
        setFile("20-home.conf", "prod-srv/home", "@home", "home-sent", "home");

        Run run = cli("run", "--set", "prod-srv/var", "--config", conf.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no backup set named prod-srv/var (the sets are: prod-srv/rootfs, prod-srv/home)");
    }
}
