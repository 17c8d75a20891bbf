package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.btrfssendbackup.core.config.BrokerSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardNoticeTest {

    /** The wait is shown as BROKER_FORWARD_WAIT is written, so the operator can find and change it. */
    @ParameterizedTest
    @CsvSource({"PT10S, 10s", "PT1.5S, 1500ms", "PT2M, 2m", "PT0S, 0s"})
    void namesTheForwardWaitInItsOwnSyntax(String wait, String written) {
        BrokerSettings broker = new BrokerSettings(Optional.of("tcp://hub.example:61616?sslEnabled=true"),
                Optional.of("producer"), Optional.of(Path.of("/etc/btrfs-send-backup/producer.password")),
                Path.of("/var/lib/btrfs-send-backup/broker"), Duration.parse(wait));

        assertThat(ForwardNotice.text(3, broker)).isEqualTo("notice: 3 events waiting to be forwarded to the broker at"
                + " tcp://hub.example:61616 (not reachable within BROKER_FORWARD_WAIT=" + written + "); they are kept in"
                + " /var/lib/btrfs-send-backup/broker and forwarded by the next run or the producer service");
    }
}
