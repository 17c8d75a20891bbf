package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.BackupSets;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.testing.LockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run of several sets: one lock, every set in order, a failing set does not stop the next. */
class BackupSetsRunTest {

    @TempDir
    Path dir;

    private List<BackupSet> sets(String... names) {
        String shared = "SOURCE_TOP=/mnt/top\nSNAPSHOT_DIR=/mnt/top/snaps\nBACKUP_SSH_TARGET=u@h\n"
                + "PASSPHRASE_FILE=/p\nLOCK_FILE=" + dir.resolve("lock") + "\n";
        List<org.btrfssendbackup.core.config.ConfigFile> files = new ArrayList<>();
        for (String n : names) {
            files.add(ShellConfigParser.parse(n + ".conf", "BACKUP_SET=p/" + n + "\nSOURCE_SUBVOL=@" + n
                    + "\nSTATE_FILE=/s/" + n + "\nSNAPSHOT_PREFIX=" + n + "\n"));
        }
        return BackupSets.from(ShellConfigParser.parse("prod.conf", shared), files, p -> true);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"'0', 0", "'0 0', 0", "'1 0', 1", "'0 1', 1", "'0 3', 1", "'1 1 1', 1"})
    void theRunFailsWhenAnySetFailed(String statuses, int expected) {
        List<Integer> each = Arrays.stream(statuses.split(" ")).map(Integer::valueOf).toList();
        assertThat(BackupSetsRun.combined(each)).isEqualTo(expected);
    }

    @Test
    void everySetRunsInOrderUnderTheOneLockAndAFailureDoesNotStopTheNext() throws Exception {
        List<String> ran = new ArrayList<>();
        List<RunLock> locks = new ArrayList<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new BackupSetsRun(sets("a", "b", "c"), dir.resolve("lock"), Clock.systemUTC(), false,
                new PrintStream(err, true, StandardCharsets.UTF_8)).run((set, lock) -> {
                    ran.add(set.name());
                    locks.add(lock);
                    assertThat(lock.file()).hasContent("pid " + ProcessHandle.current().pid() + ", since "
                            + java.nio.file.Files.readString(lock.file()).split(", since ")[1].trim());
                    if (set.name().equals("p/a")) {
                        return ExitCodes.FAILED;
                    }
                    if (set.name().equals("p/b")) {
                        throw new IllegalStateException("no passphrase");
                    }
                    return ExitCodes.OK;
                });
        assertThat(ran).containsExactly("p/a", "p/b", "p/c");
        assertThat(locks).hasSize(3).allSatisfy(l -> assertThat(l).isSameAs(locks.get(0)));
        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("backup set p/b (b.conf): java.lang.IllegalStateException: no passphrase",
                "backup set p/a: failed", "backup set p/b: failed", "backup set p/c: ok");
        try (RunLock.Held again = new RunLock(dir.resolve("lock"), Clock.systemUTC()).tryAcquire()) {
            assertThat(again).as("released after the last set").isNotNull();
        }
    }

    @Test
    void anotherRunHoldingTheLockMeansLockedAndNoSetRuns() throws Exception {
        List<String> ran = new ArrayList<>();
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.resolve("lock").toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("locked");
            int status = new BackupSetsRun(sets("a", "b"), dir.resolve("lock"), Clock.systemUTC(), false,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run((set, lock) -> {
                        ran.add(set.name());
                        return ExitCodes.OK;
                    });
            assertThat(status).isEqualTo(ProducerExitCodes.LOCKED);
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertThat(ran).isEmpty();
    }
}
