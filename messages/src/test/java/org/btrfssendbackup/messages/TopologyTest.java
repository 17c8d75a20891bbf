package org.btrfssendbackup.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.btrfssendbackup.messages.event.EventTypes;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void consumerQueuesAreTheProducerAndPrunerAgents() {
        assertThat(Topology.consumerQueues()).extracting(QueueSpec::name).containsExactly("producer-agent", "pruner-agent");
        assertThat(Topology.PRODUCER_AGENT_QUEUE.filter())
                .isEqualTo("type IN ('BackupRequested', 'SnapshotCreated', 'StreamSent') AND forwardedFrom IS NULL");
        assertThat(Topology.PRUNER_AGENT_QUEUE.filter()).isEqualTo("type IN ('PruneRequested')");
    }

    @Test
    void everyTypeNamedInAFilterIsARegisteredEventType() {
        Matcher quoted = Pattern.compile("'([^']*)'").matcher(
                Topology.consumerQueues().stream().map(QueueSpec::filter).reduce("", String::concat));
        int count = 0;
        while (quoted.find()) {
            assertThat(EventTypes.classOf(quoted.group(1))).as(quoted.group(1)).isPresent();
            count++;
        }
        assertThat(count).isEqualTo(4);
    }

    @Test
    void fullyQualifiedNamesUseTheEventsAddress() {
        assertThat(Topology.PRUNER_AGENT_QUEUE.fullyQualifiedName()).isEqualTo("backup.events::pruner-agent");
    }

    @Test
    void typeNamesThatCouldBreakASelectorAreRefused() {
        assertThatThrownBy(() -> QueueSpec.forTypes("evil", "X') OR ('1'='1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid event type name");
    }
}
