package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
                "STALE_AFTER=26h                                  # default");
    }

    @Test
    void theProducerAndThePrunerReadTheKeys() {
        ReceiverConfig backupSrv = ReceiverConfig.from(ShellConfigParser.parse("r",
                "TEXTFILE_DIR=/var/lib/prometheus/node-exporter\nSTALE_AFTER=50h\n"), p -> false);
        assertThat(backupSrv.monitor()).isEqualTo(new MonitorSettings(
                Optional.of(Path.of("/var/lib/prometheus/node-exporter")), Duration.ofHours(50)));
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
            "STALE_AFTER=soon          ~ STALE_AFTER  ~ ''"})
    void errorsNameFileKeyAndLine(String line, String key, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ReceiverConfig.from(
                ShellConfigParser.parse("/etc/default/btrfs-backup-receive", "BACKUP_ROOT=/srv\n" + line.strip() + "\n"),
                p -> false));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).startsWith("/etc/default/btrfs-backup-receive:2: " + key.strip())
                .contains(message.strip());
    }
}
