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

    @Test
    void aProducerHostsQueueTakesThatHostsTriggersPublishedAtTheHub() {
        assertThat(Topology.producerHostQueueName("web1")).isEqualTo("producer-agent.web1");
        QueueSpec web1 = Topology.producerHostQueue("web1.example.com");
        assertThat(web1.name()).isEqualTo("producer-agent.web1.example.com");
        assertThat(web1.filter()).isEqualTo("type IN ('BackupRequested', 'SnapshotCreated', 'StreamSent')"
                + " AND forwardedFrom IS NULL AND host = 'web1.example.com'");
        assertThat(web1.fullyQualifiedName()).isEqualTo("backup.events::producer-agent.web1.example.com");
    }

    @Test
    void theSharedQueueLeavesOutTheHostsThatHaveTheirOwn() {
        assertThat(Topology.producerAgentQueue(java.util.List.of())).isEqualTo(Topology.PRODUCER_AGENT_QUEUE);
        assertThat(Topology.producerAgentQueue(java.util.List.of("web2", "web1")).filter())
                .isEqualTo(Topology.PRODUCER_AGENT_QUEUE.filter() + " AND (host IS NULL OR host NOT IN ('web1', 'web2'))");
    }

    @Test
    void aHostQueueNameUsesTheEnvelopesHostGrammar() {
        for (String bad : new String[] {"", "-web1", "web1'", "web 1", "web1#", "web*"}) {
            assertThatThrownBy(() -> Topology.producerHostQueueName(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid host name");
            assertThatThrownBy(() -> Topology.producerAgentQueue(java.util.List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Topology.producerHostQueueName(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topology.producerHostQueueName("fe80::1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address::queue separator");
        assertThat(Topology.producerHostQueueName("web:6")).isEqualTo("producer-agent.web:6");
    }
}
