package org.btrfssendbackup.producer;

import org.btrfssendbackup.core.config.BrokerSettings;

/** The one-shot run's stderr notice when the hub has not taken all of the local broker's events yet. */
final class ForwardNotice {

    private ForwardNotice() {
    }

    static String text(long waiting, BrokerSettings broker) {
        return "notice: " + waiting + (waiting == 1 ? " event" : " events") + " waiting to be forwarded to the broker at "
                + broker.url().map(ForwardNotice::withoutParameters).orElse("?") + " (not reachable within BROKER_FORWARD_WAIT="
                + broker.forwardWait().toSeconds() + "s); they are kept in " + broker.localBrokerDir()
                + " and forwarded by the next run or the producer service";
    }

    /** The URL without its parameters, which may name a trust store and its password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
