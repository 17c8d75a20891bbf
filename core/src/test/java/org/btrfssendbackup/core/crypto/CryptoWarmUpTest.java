package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CryptoWarmUpTest {

    @Test
    void warmsUpOnADaemonThreadThatEnds() throws Exception {
        Thread thread = CryptoWarmUp.inBackground();
        assertThat(thread.isDaemon()).isTrue(); // never keeps a finished command's JVM alive
        assertThat(thread.getName()).isEqualTo("crypto-warm-up");
        thread.join(Duration.ofSeconds(60).toMillis());
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void theHashingWarmUpTooRunsOnADaemonThreadThatEnds() throws Exception {
        Thread thread = CryptoWarmUp.hashingInBackground();
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).isEqualTo("crypto-warm-up");
        thread.join(Duration.ofSeconds(60).toMillis());
        assertThat(thread.isAlive()).isFalse();
    }
}
