package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.core.logging.JournalStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot prune in its own JVM with the real logging set-up and its stderr on a file that
 * JOURNAL_STREAM names (as systemd names the journal's socket): its log lines carry syslog
 * priority prefixes and no timestamp; with JOURNAL_STREAM naming another stream (inherited, but
 * stderr redirected) the lines stay as on a terminal. The broker host does not resolve, so the
 * run logs an error (exit 3: the prune stands, its events were not published).
 */
class JournalPrefixesTest {

    private static final String TIMESTAMP = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*";

    @TempDir
    Path root;

    private List<String> prune(boolean journal, String... extra) throws Exception {
        Path store = root.resolve("store");
        Files.createDirectories(store.resolve("prod-srv/rootfs"));
        Path password = root.resolve("pruner.password");
        Files.writeString(password, "secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path config = root.resolve("btrfs-backup-receive");
        Files.writeString(config, "BACKUP_ROOT=" + store + "\nBROKER_URL=tcp://no-such-host.invalid:61616\n"
                + "BROKER_USER=pruner\nBROKER_PASSWORD_FILE=" + password + "\n");
        Path stderr = Files.createFile(root.resolve("stderr-" + journal + extra.length));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PruneMain.class.getName(), "-c", config.toString(), "--dry-run"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        long device = ((Number) Files.getAttribute(stderr, "unix:dev")).longValue();
        long inode = ((Number) Files.getAttribute(stderr, "unix:ino")).longValue();
        builder.environment().put(JournalStream.VARIABLE, Long.toUnsignedString(device) + ":" + (journal ? inode : inode + 1));
        builder.environment().put("BACKUP_ROOT", store.toString());
        builder.environment().put("BACKUP_SET", "prod-srv/rootfs");
        builder.environment().remove(BackupSrvConfig.CONFIG_ENV);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(stderr)).isEqualTo(PruneExitCodes.EVENTS_NOT_PUBLISHED);
        return Files.readAllLines(stderr);
    }

    @Test
    void onTheJournalLogLinesCarryPrioritiesAndNoTimestamp() throws Exception {
        List<String> lines = prune(true);

        List<String> logged = lines.stream().filter(l -> l.contains(" - ")).toList();
        assertThat(logged).as(String.join("\n", lines)).isNotEmpty()
                .allMatch(l -> l.matches("^<[3467]>(ERROR|WARN |INFO |DEBUG) \\S+ - .*"))
                .noneMatch(l -> l.substring(3).matches(TIMESTAMP));
        assertThat(logged).anyMatch(l -> l.startsWith("<3>ERROR ") && l.contains("no-such-host.invalid"));
    }

    @Test
    void onTheJournalEveryLineOfAStackTraceCarriesItsPriority() throws Exception {
        List<String> lines = prune(true, "--verbose");

        assertThat(lines).as(String.join("\n", lines)).anyMatch(l -> l.startsWith("<3>\tat "))
                .noneMatch(l -> l.startsWith("\tat "));
    }

    @Test
    void anInheritedJournalStreamThatIsNotStderrChangesNothing() throws Exception {
        List<String> lines = prune(false);

        List<String> logged = lines.stream().filter(l -> l.contains(" - ")).toList();
        assertThat(logged).as(String.join("\n", lines)).isNotEmpty().allMatch(l -> l.matches(TIMESTAMP))
                .noneMatch(l -> l.startsWith("<"));
    }
}
