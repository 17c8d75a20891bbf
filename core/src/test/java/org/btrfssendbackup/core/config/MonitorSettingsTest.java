package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonitorSettingsTest {

    @Test
    void noTextfileAndStaleAfter26hByDefaultOnBothHosts() {
        assertThat(ReceiverConfig.defaults().monitor()).isEqualTo(MonitorSettings.defaults());
        assertThat(MonitorSettings.defaults().textfileDir()).isEmpty();
        assertThat(MonitorSettings.defaults().staleAfter()).isEqualTo(Duration.ofHours(26));
        assertThat(ReceiverConfig.defaults().describe()).contains(
                "TEXTFILE_DIR=                                    # default",
                "STALE_AFTER=26h                                  # default",
                "METRICS_LISTEN=                                  # default",
                "ALERT_COMMAND=()                                 # default");
    }

    @Test
    void alertCommandIsAnArrayWhoseProgramIsAnAbsolutePath() {
        ProducerConfig c = ProducerConfig.from(ShellConfigParser.parse("p", Resources.text("seed-prod.conf")
                + "ALERT_COMMAND=(/usr/local/bin/mail-ops --to 'ops team')\n"), p -> true);
        assertThat(c.monitor().alertCommand()).containsExactly("/usr/local/bin/mail-ops", "--to", "ops team");
        assertThat(MonitorSettings.defaults().alertCommand()).isEmpty();
    }

    @Test
    void metricsListenIsAnIpAddressAndAPort() {
        ReceiverConfig c = ReceiverConfig.from(ShellConfigParser.parse("r", "METRICS_LISTEN=127.0.0.1:9899\n"),
                p -> false);
        assertThat(c.monitor().metricsListen()).contains(new InetSocketAddress("127.0.0.1", 9899));
        assertThat(c.describe()).anyMatch(l -> l.startsWith("METRICS_LISTEN=127.0.0.1:9899 "));
        ReceiverConfig v6 = ReceiverConfig.from(ShellConfigParser.parse("r", "METRICS_LISTEN=[::1]:9899\n"), p -> false);
        assertThat(v6.monitor().metricsListen().orElseThrow().getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.describe()).anyMatch(l -> l.startsWith("METRICS_LISTEN='[0:0:0:0:0:0:0:1]:9899' "));
    }

    @Test
    void theProducerAndThePrunerReadTheKeys() {
        ReceiverConfig backupSrv = ReceiverConfig.from(ShellConfigParser.parse("r",
                "TEXTFILE_DIR=/var/lib/prometheus/node-exporter\nSTALE_AFTER=50h\n"), p -> false);
        assertThat(backupSrv.monitor()).isEqualTo(new MonitorSettings(
                Optional.of(Path.of("/var/lib/prometheus/node-exporter")), Duration.ofHours(50), Optional.empty(), java.util.List.of()));
        ProducerConfig prodSrv = ProducerConfig.from(ShellConfigParser.parse("/etc/btrfs-send-backup/prod.conf",
                Resources.text("seed-prod.conf") + "TEXTFILE_DIR=/run/textfiles\n"), p -> true);
        assertThat(prodSrv.monitor().textfileDir()).contains(Path.of("/run/textfiles"));
        assertThat(prodSrv.describe()).anyMatch(l -> l.startsWith("TEXTFILE_DIR=/run/textfiles ")
                && l.contains("prod.conf:"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
            "TEXTFILE_DIR=relative/dir ~ TEXTFILE_DIR ~ absolute",
            "STALE_AFTER=0s            ~ STALE_AFTER  ~ ''",
            "STALE_AFTER=soon          ~ STALE_AFTER  ~ ''",
            "METRICS_LISTEN=localhost:9899 ~ METRICS_LISTEN ~ must be an IP address",
            "METRICS_LISTEN=127.0.0.1  ~ METRICS_LISTEN ~ is not ADDRESS:PORT",
            "METRICS_LISTEN=127.0.0.1:0 ~ METRICS_LISTEN ~ TCP port",
            "ALERT_COMMAND=(mail ops)  ~ ALERT_COMMAND  ~ must be an absolute path"})
    void errorsNameFileKeyAndLine(String line, String key, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ReceiverConfig.from(
                ShellConfigParser.parse("/etc/default/btrfs-backup-receive", "BACKUP_ROOT=/srv\n" + line.strip() + "\n"),
                p -> false));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("/etc/default/btrfs-backup-receive:2: " + key.strip())
                .contains(message.strip());
    }
}
