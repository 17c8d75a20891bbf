package org.btrfssendbackup.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one grammar of BACKUP_SSH_CIPHERS and restore's --ssh-ciphers. */
class SshCiphersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '~', nullValues = "EMPTY", value = {
        "default                                              ~ EMPTY",
        "aes128-gcm@openssh.com                               ~ aes128-gcm@openssh.com",
        "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com ~ aes128-gcm@openssh.com,chacha20-poly1305@openssh.com",
        "aes256-ctr,aes128-ctr                                ~ aes256-ctr,aes128-ctr",
    })
    void parsesAListOrDefaultAndFormatsItBack(String value, String expected) {
        Optional<String> parsed = SshCiphers.parse(value);
        assertThat(parsed).isEqualTo(Optional.ofNullable(expected));
        assertThat(SshCiphers.format(parsed)).isEqualTo(value);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "AES128-gcm", "aes128-gcm@openssh.com,", ",aes", "aes x", "-oProxyCommand=evil",
        "aes;rm", "Default", "aes,,chacha"})
    void refusesWhatIsNotACipherList(String value) {
        assertThatThrownBy(() -> SshCiphers.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssh cipher list is malformed: '" + value + "'")
                .hasMessageContaining("or default");
    }

    @Test
    void theDefaultPutsAesGcmFirstAndKeepsSshsDefaultAsFallback() {
        assertThat(SshCiphers.parse(SshCiphers.DEFAULT)).contains("aes128-gcm@openssh.com,chacha20-poly1305@openssh.com");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', nullValues = "EMPTY", value = {
        "Unable to negotiate with 127.0.0.1 port 2222: no matching cipher found. Their offer: aes128-gcm@openssh.com"
                + " ~ aes128-gcm@openssh.com",
        "Unable to negotiate with 10.0.0.2 port 22: no matching cipher found. Their offer: aes256-ctr,aes128-ctr"
                + " ~ aes256-ctr,aes128-ctr",
        "Unable to negotiate with 10.0.0.2 port 22: no matching MAC found. Their offer: hmac-sha1 ~ EMPTY",
        "Permission denied (publickey). ~ EMPTY",
    })
    void findsTheServersOfferWhenNoCipherMatched(String stderr, String offer) {
        assertThat(SshCiphers.refusedWithOffer(stderr)).isEqualTo(Optional.ofNullable(offer));
    }
}
