package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot prune with BROKER_URL on a host that does not resolve, in its own JVM with the
 * real logging setup: the prune stands (exit 3), and stderr is a few lines naming the host,
 * not Artemis' 41-line stack trace, unless --verbose.
 */
class UnknownBrokerHostTest {

    private static final String URL = "tcp://no-such-host.invalid:61616";

    private record Result(int status, String err) {
    }

    private static Result prune(Path root, String... extra) throws Exception {
        Path store = root.resolve("store");
        Files.createDirectories(store.resolve("prod-srv/rootfs"));
        Path password = root.resolve("pruner.password");
        Files.writeString(password, "secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path config = root.resolve("btrfs-backup-receive");
        Files.writeString(config, "BACKUP_ROOT=" + store + "\nBROKER_URL=" + URL + "\nBROKER_USER=pruner\n"
                + "BROKER_PASSWORD_FILE=" + password + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PruneMain.class.getName(), "-c", config.toString(), "--dry-run"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BACKUP_ROOT", store.toString());
        builder.environment().put("BACKUP_SET", "prod-srv/rootfs");
        builder.environment().remove(BackupSrvConfig.CONFIG_ENV);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), err);
    }

    @Test
    void oneLinePerErrorNamingTheHostAndTheBroker(@TempDir Path root) throws Exception {
        Result result = prune(root);
        assertThat(result.status()).as(result.err()).isEqualTo(PruneExitCodes.EVENTS_NOT_PUBLISHED);
        assertThat(result.err()).doesNotContain("\tat ").contains("UnknownHostException: no-such-host.invalid")
                .contains("its events were not published to the broker at " + URL);
        assertThat(result.err().lines().count()).as(result.err()).isLessThanOrEqualTo(3);
    }

    @Test
    void verboseAddsTheStackTraces(@TempDir Path root) throws Exception {
        Result result = prune(root, "--verbose");
        assertThat(result.status()).as(result.err()).isEqualTo(PruneExitCodes.EVENTS_NOT_PUBLISHED);
        assertThat(result.err()).contains("\tat ");
    }
}
