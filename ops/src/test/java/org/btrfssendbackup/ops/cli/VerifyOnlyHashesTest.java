package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which warm-up the console starts for verify, from its arguments before picocli parses them. */
class VerifyOnlyHashesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "verify,                                               true",
            "verify --backup-root /srv/b --set web1/root,          true",
            "--json verify --stale-after-hours 2,                  true",
            "verify --passphrase-file /etc/pass,                   false",
            "verify --passphrase-file=/etc/pass --set web1/root,   false",
            "--verbose verify --set web1/root --passphrase-file p, false",
    })
    void onlyAPassphraseMakesVerifyDecrypt(String args, boolean onlyHashes) {
        assertThat(VerifyCommand.onlyHashes(args.trim().split(" +"))).isEqualTo(onlyHashes);
    }
}
