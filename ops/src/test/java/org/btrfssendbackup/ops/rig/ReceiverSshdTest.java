package org.btrfssendbackup.ops.rig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test and benchmark receiver must run with the JVM options production gives it. */
class ReceiverSshdTest {

    @Test
    void startsTheReceiverJvmAsTheDeployedWrapperDoes() throws Exception {
        // surefire runs in the module directory (ops/)
        String wrapper = Files.readString(Path.of("deploy", "backup-srv", "btrfs-backup-receive"));
        String exec = wrapper.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        assertThat(exec).contains("\"$JAVA\" " + ReceiverSshd.RECEIVER_JVM_OPTIONS + " -cp ");
    }
}
