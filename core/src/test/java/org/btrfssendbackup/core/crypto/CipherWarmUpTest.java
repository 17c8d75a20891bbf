package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CipherWarmUpTest {

    @Test
    void warmsUpOnADaemonThreadThatEnds() throws Exception {
        Thread thread = CipherWarmUp.inBackground();
        assertThat(thread.isDaemon()).isTrue(); // never keeps a finished command's JVM alive
        assertThat(thread.getName()).isEqualTo("cipher-warm-up");
        thread.join(Duration.ofSeconds(30).toMillis());
        assertThat(thread.isAlive()).isFalse();
    }
}
