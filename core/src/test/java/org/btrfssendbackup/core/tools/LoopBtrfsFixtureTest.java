package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.junit.jupiter.api.Test;

/** The LoopBtrfs fixture cleans up completely, even with a file still open on it. */
class LoopBtrfsFixtureTest {

    @Test
    void closeUnmountsDetachesAndDeletesEvenWhenBusy() throws IOException {
        SystemTests.assumeLoopBtrfs();
        LoopBtrfs fs = LoopBtrfs.create(128L * 1024 * 1024);
        Path image = fs.image();
        Path device = fs.device();
        Path file = fs.mountPoint().resolve("open.txt");
        Files.writeString(file, "busy");
        String fsType = new LocalProcessRunner().run(CommandLine.of("stat", "-f", "-c", "%T", fs.mountPoint().toString()))
                .stdoutText().trim();
        assertThat(fsType).isEqualTo("btrfs");
        try (InputStream keepsItBusy = Files.newInputStream(file)) {
            assertThat(keepsItBusy.read()).isEqualTo('b');
            fs.close(); // plain umount fails while the file is open: falls back to a lazy unmount
            fs.close(); // idempotent
        }
        assertThat(image).doesNotExist();
        assertThat(image.getParent()).doesNotExist();
        String attached = new LocalProcessRunner().run(CommandLine.of("losetup", "-a")).stdoutText();
        assertThat(attached).doesNotContain(image.toString());
        assertThat(device.toString()).startsWith("/dev/loop");
    }
}
