package org.btrfssendbackup.producer;

import org.btrfssendbackup.broker.HubClientUrl;
import org.btrfssendbackup.core.config.BrokerSettings;
import org.btrfssendbackup.core.time.Durations;

/** The one-shot run's stderr notice when the hub has not taken all of the local broker's events yet. */
final class ForwardNotice {

    private ForwardNotice() {
    }

    static String text(long waiting, BrokerSettings broker) {
        return "notice: " + waiting + (waiting == 1 ? " event" : " events") + " waiting to be forwarded to the broker at "
                + broker.url().map(HubClientUrl::withoutParameters).orElse("?") + " (not reachable within BROKER_FORWARD_WAIT="
                + Durations.format(broker.forwardWait()) + "); they are kept in " + broker.localBrokerDir()
                + " and forwarded by the next run or the producer service";
    }
}
