package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WebConfigTest {

    private static final Predicate<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1")::contains;

    private static WebConfig parse(String text) {
        return WebConfig.from(ShellConfigParser.parse("web.conf", text), LOOPBACK, p -> true);
    }

    @Test
    void everyKeyHasADefaultThatListensOnLoopbackWithoutTls() {
        WebConfig config = parse("");
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.listenPort()).isEqualTo(WebConfig.DEFAULT_PORT);
        assertThat(config.tls()).isFalse();
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.usersFile()).isEqualTo(WebConfig.DEFAULT_USERS_FILE);
        assertThat(config.maxAge()).isEqualTo(Duration.ofHours(26));
    }

    @Test
    void readsEveryKey() {
        WebConfig config = parse("""
                WEB_LISTEN=[::1]:9000
                WEB_SESSION_TIMEOUT=2h
                WEB_USERS_FILE=/srv/users
                WEB_MAX_AGE=3d
                """);
        assertThat(config.listenHost()).isEqualTo("::1");
        assertThat(config.listenPort()).isEqualTo(9000);
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(config.usersFile()).isEqualTo(Path.of("/srv/users"));
        assertThat(config.maxAge()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aNetworkAddressWithoutTlsIsRefusedNamingFileKeyAndLine() {
        assertThatThrownBy(() -> parse("# web\nWEB_LISTEN=0.0.0.0:8443\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("web.conf:2: WEB_LISTEN")
                .hasMessageContaining("plain HTTP is only allowed on a loopback host");
    }

    @Test
    void aNetworkAddressWithTlsIsAccepted() {
        WebConfig config = parse("WEB_LISTEN=0.0.0.0:8443\nWEB_TLS_KEYSTORE=/etc/web.p12\nWEB_TLS_PASSWORD_FILE=/etc/web.pass\n");
        assertThat(config.tls()).isTrue();
        assertThat(config.listenHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void aKeystoreWithoutItsPasswordFileIsRefused() {
        assertThatThrownBy(() -> parse("WEB_TLS_KEYSTORE=/etc/web.p12\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WEB_TLS_PASSWORD_FILE");
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> parse("WEB_LISTEN=8087\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> parse("WEB_LISTEN=127.0.0.1:70000\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("WEB_SESSION_TIMEOUT=0s\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WEB_SESSION_TIMEOUT");
        assertThatThrownBy(() -> parse("WEB_LISTN=127.0.0.1:1\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean WEB_LISTEN");
    }
}
