package org.btrfssendbackup.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.junit.jupiter.api.Test;

/** The part of ALERT_COMMAND both hosts share: the JSON on stdin (the run itself is tested on each host). */
class AlertCommandTest {

    @Test
    void theCommonFieldsComeFirstThenTheHostsOwnOnOneLine() {
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("corruptStreams", List.of(Map.of("file", "s1.full.btrfs.gpg")));
        own.put("unrestorable", List.of("s1", "s2"));

        String json = AlertCommand.json("backup-srv", "prod-srv/rootfs", new VerdictChange(SetHealth.OK, SetHealth.CORRUPT),
                Instant.parse("2026-12-04T02:05:00Z"), own);

        assertThat(json).isEqualTo("{\"host\":\"backup-srv\",\"backupSet\":\"prod-srv/rootfs\",\"status\":\"corrupt\","
                + "\"previousStatus\":\"ok\",\"recovered\":false,\"time\":\"2026-12-04T02:05:00Z\","
                + "\"corruptStreams\":[{\"file\":\"s1.full.btrfs.gpg\"}],\"unrestorable\":[\"s1\",\"s2\"]}\n");
    }

    @Test
    void anEmptyCommandIsNotConfigured() {
        assertThat(new AlertCommand(List.of(), new LocalProcessRunner()).isConfigured()).isFalse();
        assertThat(new AlertCommand(List.of("/bin/true"), new LocalProcessRunner()).isConfigured()).isTrue();
    }
}
