package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    @ParameterizedTest
    @CsvSource({"SNAPSHOT_PREFX, SNAPSHOT_PREFIX", "backup_mode, BACKUP_MODE", "LOCAL_KEEP_DAYLY, LOCAL_KEEP_DAILY",
            "BACKUP_SSH_IDENTITY, BACKUP_SSH_IDENTITY_FILE", "XYZ, ''"})
    void suggestsCloseKeysOnly(String typo, String expected) {
        assertThat(DidYouMean.suggest(typo, ProducerConfig.KEYS).orElse("")).isEqualTo(expected);
    }
}
