package org.btrfssendbackup.producer.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.testing.RecordingAlertScript;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.producer.testing.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALERT_COMMAND with a real script: told when the verdict leaves OK and when it comes back, once each. */
class AlertHookTest {

    private static final Instant T = Instant.parse("2026-12-04T02:05:00Z");

    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    Path script(int exitStatus) throws IOException {
        return alert().write(exitStatus);
    }

    RecordingAlertScript alert() {
        return new RecordingAlertScript(dir);
    }

    ProducerConfig config(Path script) throws IOException {
        return ProducerConfig.load(ConfigFiles.prodConf(dir, Path.of("/mnt/btrfs-root"), dir,
                "ALERT_COMMAND=(" + script + " --to-ops)"));
    }

    List<String> calls() throws IOException {
        return alert().calls();
    }

    @Test
    void leavingOkAndComingBackAreToldOnceEach() throws Exception {
        ProducerConfig config = config(script(0));
        AlertHook hook = new AlertHook(config.monitor().alertCommand(), new LocalProcessRunner(), warnings::add);
        Path file = HistoryFile.of(config);

        HistoryFile.write(file, RunHistory.NONE.succeeded(T, Duration.ofMinutes(2), 10));
        assertThat(hook.check(config, "prod-srv", T)).isEmpty();

        HistoryFile.write(file, HistoryFile.read(file).failed(T.plusSeconds(86_400), "ssh: Connection refused"));
        assertThat(hook.check(config, "prod-srv", T.plusSeconds(86_400))).isPresent();
        assertThat(calls()).containsExactly("failing ok prod-srv/rootfs prod-srv --to-ops");
        JsonNode details = alert().stdin();
        assertThat(details.get("status").asText()).isEqualTo("failing");
        assertThat(details.get("lastFailure").asText()).isEqualTo("ssh: Connection refused");
        assertThat(details.get("lastSuccess").asText()).isEqualTo(T.toString());
        assertThat(HistoryFile.read(file).notified()).isEqualTo(SetHealth.FAILING);

        HistoryFile.write(file, HistoryFile.read(file).failed(T.plusSeconds(2 * 86_400), "again"));
        assertThat(hook.check(config, "prod-srv", T.plusSeconds(2 * 86_400))).as("still failing: no news").isEmpty();

        HistoryFile.write(file, HistoryFile.read(file).succeeded(T.plusSeconds(3 * 86_400), Duration.ZERO, 1));
        assertThat(hook.check(config, "prod-srv", T.plusSeconds(3 * 86_400))).isPresent();
        assertThat(calls()).containsExactly("failing ok prod-srv/rootfs prod-srv --to-ops",
                "ok failing prod-srv/rootfs prod-srv --to-ops");
        assertThat(alert().stdin().get("recovered").asBoolean()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFailingCommandIsAWarningAndIsTriedAgainAtTheNextCheck() throws Exception {
        ProducerConfig config = config(script(3));
        AlertHook hook = new AlertHook(config.monitor().alertCommand(), new LocalProcessRunner(), warnings::add);
        Path file = HistoryFile.of(config);
        HistoryFile.write(file, RunHistory.NONE.failed(T, "first run failed"));

        assertThat(hook.check(config, "prod-srv", T)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("ALERT_COMMAND for backup set prod-srv/rootfs",
                "exit", "3", "tried again at the next run");
        assertThat(HistoryFile.read(file).notified()).isNull();

        hook.check(config, "prod-srv", T);
        assertThat(calls()).hasSize(2);
    }
}
