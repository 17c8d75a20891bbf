package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotFailuresTest {

    private static final Path SOURCE = Path.of("/mnt/btrfs-root/@rootfs");

    @ParameterizedTest(name = "{0} -> permanent {1}")
    @CsvSource(delimiter = '~', value = {
            "ERROR: cannot snapshot '/mnt/btrfs-root/@rootfs': No space left on device ~ true",
            "ERROR: Could not create subvolume: No space left on device                 ~ true",
            "ERROR: cannot snapshot '/mnt/btrfs-root/@rootfs': Read-only file system    ~ false",
            "ERROR: cannot access '/mnt/btrfs-root/@rootfs': No such file or directory  ~ false",
            "ERROR: cannot snapshot '/mnt/btrfs-root/@rootfs': File exists              ~ false",
    })
    void onlyAFullDiskIsPermanent(String stderr, boolean permanent) {
        ProcessFailedException failure = new ProcessFailedException(CommandLine.of("btrfs", "subvolume", "snapshot",
                "-r", SOURCE.toString(), "/s/x"), ProcessFailedException.Reason.EXIT_STATUS, 1, stderr.strip(), null, null);

        RuntimeException classified = SnapshotFailures.classify(failure, SOURCE);

        if (permanent) {
            assertThat(classified).isInstanceOf(PermanentStepException.class).hasCause(failure)
                    .hasMessageStartingWith("no space left on prod-srv's btrfs to snapshot " + SOURCE)
                    .hasMessageContaining("`btrfs subvolume snapshot -r");
        } else {
            assertThat(classified).isSameAs(failure);
        }
    }

    @ParameterizedTest(name = "source is a directory: {0} -> permanent {1}")
    @CsvSource({"true, false", "false, true"})
    void aMissingSourceSubvolumeIsPermanentAndNamesWhereItWasSet(boolean exists, boolean permanent) {
        var missing = SnapshotFailures.missingSource(SOURCE, p -> exists, "/etc/btrfs-send-backup/sets.d/home.conf:2");
        assertThat(missing.isPresent()).isEqualTo(permanent);
        missing.ifPresent(e -> assertThat(e).hasMessage("snapshot of " + SOURCE + ": the source subvolume does not "
                + "exist (SOURCE_TOP/SOURCE_SUBVOL, /etc/btrfs-send-backup/sets.d/home.conf:2); create it or correct "
                + "the configuration"));
    }
}
