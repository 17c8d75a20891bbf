package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerSettingsTest {

    @Test
    void anEmptyConfigGivesTheBackupDefaults() {
        BrokerSettings settings = BrokerSettings.fromMap(Map.of(), "broker.conf");
        assertThat(settings.brokerName()).isEqualTo("btrfs-send-backup");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/lib/btrfs-send-backup/broker"));
        assertThat(settings.journal()).isEqualTo(JournalChoice.AUTO);
        assertThat(settings.journalBufferTimeout()).isEqualTo(Duration.ofNanos(500_000));
        assertThat(settings.inVmUrl()).isEqualTo("vm://0");
        assertThat(settings.tcp()).isEmpty();
        assertThat(settings.redelivery()).isEqualTo(new RedeliverySettings(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), 6));
        assertThat(settings.retention()).isEqualTo(new RetentionSettings(Duration.ofDays(30), 1L << 30));
        assertThat(settings.maxDiskUsagePercent()).isEqualTo(97);
        assertThat(settings.globalMaxSizeBytes()).isEqualTo(-1);
        assertThat(settings.auditRingSize()).isEqualTo(100_000);
        assertThat(settings.users()).extracting(BrokerUser::name).containsExactly("producer", "receiver", "pruner", "operator");
        assertThat(settings.users().get(3).passwordFile()).isEqualTo(Path.of("/etc/btrfs-send-backup/broker/operator.password"));
        assertThat(settings.retentionDirectory()).isEqualTo(Path.of("/var/lib/btrfs-send-backup/broker/retention"));
    }

    @Test
    void everyKeyIsRead() {
        BrokerSettings settings = BrokerSettings.fromMap(Map.ofEntries(
                Map.entry("BROKER_NAME", "hub"),
                Map.entry("BROKER_DATA_DIR", "/srv/broker"),
                Map.entry("BROKER_JOURNAL_TYPE", "nio"),
                Map.entry("BROKER_JOURNAL_BUFFER_TIMEOUT", "200us"),
                Map.entry("BROKER_IN_VM_ID", "7"),
                Map.entry("BROKER_TCP_ACCEPTOR", "0.0.0.0:61617"),
                Map.entry("BROKER_TLS_KEYSTORE", "/etc/broker/keystore.p12"),
                Map.entry("BROKER_TLS_KEYSTORE_PASSWORD_FILE", "/etc/broker/keystore.password"),
                Map.entry("BROKER_REDELIVERY_DELAY", "10s"),
                Map.entry("BROKER_REDELIVERY_MULTIPLIER", "1.5"),
                Map.entry("BROKER_MAX_REDELIVERY_DELAY", "2h"),
                Map.entry("BROKER_MAX_DELIVERY_ATTEMPTS", "10"),
                Map.entry("BROKER_RETENTION_PERIOD", "90d"),
                Map.entry("BROKER_RETENTION_MAX_BYTES", "4G"),
                Map.entry("BROKER_MAX_DISK_USAGE", "95%"),
                Map.entry("BROKER_GLOBAL_MAX_SIZE", "256M"),
                Map.entry("BROKER_AUDIT_RING_SIZE", "5000"),
                Map.entry("BROKER_PASSWORD_DIR", "/etc/broker"),
                Map.entry("BROKER_USERS", "producer:producer, web1:producer operator:operator"),
                Map.entry("SNAPSHOT_DIR", "/not/ours")), "broker.conf");
        assertThat(settings.brokerName()).isEqualTo("hub");
        assertThat(settings.journalDirectory()).isEqualTo(Path.of("/srv/broker/journal"));
        assertThat(settings.journal()).isEqualTo(JournalChoice.NIO);
        assertThat(settings.journalBufferTimeout()).isEqualTo(Duration.ofNanos(200_000));
        assertThat(settings.inVmUrl()).isEqualTo("vm://7");
        assertThat(settings.tcpAcceptor()).isEqualTo(new TcpAcceptorSettings("0.0.0.0", 61617, new TlsSettings(
                Path.of("/etc/broker/keystore.p12"), Path.of("/etc/broker/keystore.password"), "PKCS12")));
        assertThat(settings.redelivery()).isEqualTo(new RedeliverySettings(Duration.ofSeconds(10), 1.5, Duration.ofHours(2), 10));
        assertThat(settings.retention()).isEqualTo(new RetentionSettings(Duration.ofDays(90), 4L << 30));
        assertThat(settings.maxDiskUsagePercent()).isEqualTo(95);
        assertThat(settings.globalMaxSizeBytes()).isEqualTo(256L << 20);
        assertThat(settings.auditRingSize()).isEqualTo(5000);
        assertThat(settings.users()).containsExactly(
                new BrokerUser("producer", BrokerRole.PRODUCER, Path.of("/etc/broker/producer.password")),
                new BrokerUser("web1", BrokerRole.PRODUCER, Path.of("/etc/broker/web1.password")),
                new BrokerUser("operator", BrokerRole.OPERATOR, Path.of("/etc/broker/operator.password")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "BROKER_REDELIVERY_DELAY      | soon          | expected a whole number with a unit us, ms, s, m, h, d or w",
            "BROKER_REDELIVERY_DELAY      | -5s           | expected a whole number with a unit",
            "BROKER_REDELIVERY_DELAY      | 30            | a bare number is no longer read as seconds: write 30s",
            "BROKER_RETENTION_PERIOD      | P30D          | expected a whole number with a unit",
            "BROKER_MAX_REDELIVERY_DELAY  | 30M           | expected a whole number with a unit",
            "BROKER_REDELIVERY_MULTIPLIER | 0.5           | at least 1",
            "BROKER_MAX_REDELIVERY_DELAY  | 1s            | shorter than the delay",
            "BROKER_MAX_DELIVERY_ATTEMPTS | 0             | at least 1",
            "BROKER_MAX_DELIVERY_ATTEMPTS | many          | whole number",
            "BROKER_RETENTION_PERIOD      | 0d            | positive",
            "BROKER_RETENTION_MAX_BYTES   | 12 parsecs    | size in bytes",
            "BROKER_MAX_DISK_USAGE        | 101           | percentage",
            "BROKER_GLOBAL_MAX_SIZE       | lots          | size in bytes",
            "BROKER_AUDIT_RING_SIZE       | 0             | at least 1",
            "BROKER_JOURNAL_TYPE          | mapped        | auto, nio or asyncio",
            "BROKER_JOURNAL_BUFFER_TIMEOUT | 2s           | 0..1 s",
            "BROKER_DATA_DIR              | relative/dir  | absolute path",
            "BROKER_TCP_ACCEPTOR          | somewhere     | HOST:PORT",
            "BROKER_TCP_ACCEPTOR          | 0.0.0.0:61617 | only allowed on a loopback host",
            "BROKER_TCP_ACCEPTOR          | 127.0.0.1:99999 | outside 0..65535",
            "BROKER_TLS_KEYSTORE          | /k.p12        | TLS needs both",
            "BROKER_USERS                 | producer      | not NAME:ROLE",
            "BROKER_USERS                 | a:admin       | unknown broker role",
            "BROKER_USERS                 | producer:producer | no user has the operator role",
            "BROKER_USERS                 | operator:operator web1:producer@ | empty host name",
            "BROKER_USERS                 | operator:operator@web1 | never bound to hosts",
            "BROKER_USERS                 | operator:operator web1:producer@web/1 | invalid host",
            "BROKER_NAME                  | bad name!     | invalid broker name",
            "BROKER_REDELIVERY_DELY       | 5s            | unknown broker setting",
    })
    void aBadValueIsReportedWithTheSourceAndTheKey(String key, String value, String problem) {
        Map<String, String> config = key.equals("BROKER_TLS_KEYSTORE")
                ? Map.of(key, value, "BROKER_TCP_ACCEPTOR", "127.0.0.1:61617")
                : Map.of(key, value);
        assertThatThrownBy(() -> BrokerSettings.fromMap(config, "/etc/btrfs-send-backup/broker.conf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/etc/btrfs-send-backup/broker.conf: ")
                .hasMessageContaining(key)
                .hasMessageContaining(problem);
    }

    /** The broker reads the one duration syntax: the same value means the same as in a config file or on the console. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"7d, PT168H", "1w, PT168H", "30d, PT720H", "26h, PT26H"})
    void durationsUseTheOneSyntax(String text, String expected) {
        BrokerSettings settings = BrokerSettings.fromMap(Map.of("BROKER_RETENTION_PERIOD", text), "broker.conf");
        assertThat(settings.retention().period()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void plainTcpIsAllowedOnLoopback() {
        BrokerSettings settings = BrokerSettings.fromMap(Map.of("BROKER_TCP_ACCEPTOR", "127.0.0.1:61616"), "test");
        assertThat(settings.tcpAcceptor()).isEqualTo(new TcpAcceptorSettings("127.0.0.1", 61616, null));
    }

    /** Each copy method changes its own field and nothing else (one copy of the fields, see BrokerSettings.copy). */
    @Test
    void eachWithChangesOnlyItsField() {
        BrokerSettings base = BrokerSettings.defaults(Path.of("/var/lib/b"), Path.of("/etc/b"));

        assertThat(base.withBrokerName("other")).isEqualTo(new BrokerSettings("other", base.dataDirectory(), base.journal(),
                base.journalBufferTimeout(), base.inVmServerId(), base.tcpAcceptor(), base.redelivery(), base.retention(),
                base.maxDiskUsagePercent(), base.globalMaxSizeBytes(), base.auditRingSize(), base.users(), base.forward(),
                base.haPair()));
        assertThat(base.withInVmServerId(7).inVmServerId()).isEqualTo(7);
        assertThat(base.withMaxDiskUsagePercent(50)).satisfies(s -> {
            assertThat(s.maxDiskUsagePercent()).isEqualTo(50);
            assertThat(s.withMaxDiskUsagePercent(base.maxDiskUsagePercent())).isEqualTo(base);
        });
        assertThat(base.withGlobalMaxSizeBytes(1024).withGlobalMaxSizeBytes(base.globalMaxSizeBytes())).isEqualTo(base);
        assertThat(base.withAuditRingSize(5).auditRingSize()).isEqualTo(5);
        assertThat(base.withAuditRingSize(5).withAuditRingSize(base.auditRingSize())).isEqualTo(base);
        assertThatThrownBy(() -> base.withMaxDiskUsagePercent(0)).as("a copy is validated again")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
