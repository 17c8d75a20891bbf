package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The divert filters and reasons {@link HostBinding} generates, evaluated by Artemis' own filter. */
class HostBindingFilterTest {

    private static final Path FILE = Path.of("/etc/broker/x.password");

    /** sender, claimed host ("-" for none): is it refused, for users web1 (bound to web1) and ingest (web1, web2)? */
    @ParameterizedTest(name = "{0} claims {1}: refused {2}")
    @CsvSource({
            "web1,     web1, false",
            "web1,     web2, true",
            "web1,     -,    true",
            "web1,     WEB1, true",
            "ingest,   web1, false",
            "ingest,   web2, false",
            "ingest,   web3, true",
            "producer, web2, false",
            "operator, web2, false",
            "web2,     web1, false",
    })
    void aMessageIsRefusedWhenItsSenderIsBoundToOtherHosts(String sender, String host, boolean refused) throws Exception {
        List<BrokerUser> users = List.of(
                new BrokerUser("web1", BrokerRole.PRODUCER, FILE),
                new BrokerUser("ingest", BrokerRole.RECEIVER, FILE, Set.of("web2", "web1")),
                new BrokerUser("producer", BrokerRole.PRODUCER, FILE),
                new BrokerUser("operator", BrokerRole.OPERATOR, FILE));
        CoreMessage message = new CoreMessage(1, 100);
        message.putStringProperty(HostBinding.VALIDATED_USER, sender);
        if (!host.equals("-")) {
            message.putStringProperty(Topology.PROPERTY_HOST, host);
        }
        boolean matched = false;
        for (var divert : HostBinding.diverts(users)) {
            matched |= FilterImpl.createFilter(divert.getFilterString()).match(message);
        }
        assertThat(matched).isEqualTo(refused);
    }

    @Test
    void onlyBoundUsersGetADivertAndEachIsExclusiveToTheDeadLetterAddress() {
        var diverts = HostBinding.diverts(BrokerSettings.standardUsers(Path.of("/p")));
        assertThat(diverts).isEmpty();
        var divert = HostBinding.diverts(List.of(new BrokerUser("web1", BrokerRole.PRODUCER, FILE))).get(0);
        assertThat(divert.isExclusive()).isTrue();
        assertThat(divert.getAddress()).isEqualTo(Topology.EVENTS_ADDRESS);
        assertThat(divert.getForwardingAddress()).isEqualTo(Topology.DEAD_LETTER_ADDRESS);
        assertThat(divert.getTransformerConfiguration().getProperties()).isEqualTo(Map.of(HostClaimRefusal.BOUND_TO, "web1"));
    }

    @Test
    void theTransformerWritesTheReasonTheConsoleShows() {
        HostClaimRefusal refusal = new HostClaimRefusal();
        refusal.init(Map.of(HostClaimRefusal.BOUND_TO, "web1"));
        Message message = new CoreMessage(1, 100);
        message.putStringProperty(HostBinding.VALIDATED_USER, "web1");
        message.putStringProperty(Topology.PROPERTY_HOST, "web2");
        message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of("e1"));
        Message refused = refusal.transform(message);
        assertThat(refused.getStringProperty(SimpleString.of(Topology.PROPERTY_DEAD_LETTER_REASON)))
                .isEqualTo("host web2 claimed by broker user web1, bound to web1");
        // backup.events recorded the duplicate id already: kept, it would make dlq retry fail as a duplicate.
        assertThat(refused.containsProperty(Message.HDR_DUPLICATE_DETECTION_ID)).isFalse();
        assertThat(refused.getStringProperty(Topology.PROPERTY_EVENT_ID)).isEqualTo("e1");
    }
}
