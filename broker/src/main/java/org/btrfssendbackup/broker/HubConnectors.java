package org.btrfssendbackup.broker;

import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ConfigurationUtils;

/**
 * The bridge's connectors from BROKER_URL: one per hub it names. A URL may list both hubs of
 * an HA pair, {@code (tcp://hub-a:61617,tcp://hub-b:61617)?sslEnabled=true;trustStorePath=...};
 * Artemis stores connectors by name, so each gets its own ({@code hub}, {@code hub-1}, ...) and
 * the bridge tries them in turn whenever it (re)connects: when the active hub dies, the bridge
 * reaches the one that took over, and the hub drops what it already has by event id.
 */
final class HubConnectors {

    private HubConnectors() {
    }

    /**
     * Adds one connector per host in {@code url} to {@code config}.
     *
     * @return their names, in the URL's order
     * @throws IllegalArgumentException naming the URL when Artemis cannot parse it
     */
    static List<String> add(Configuration config, String baseName, String url) {
        List<TransportConfiguration> parsed;
        try {
            parsed = ConfigurationUtils.parseConnectorURI(baseName, url);
        } catch (Exception e) {
            throw new IllegalArgumentException("forward to the hub: cannot use BROKER_URL " + url + ": " + e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("forward to the hub: BROKER_URL " + url + " names no hub");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            String name = i == 0 ? baseName : baseName + "-" + i;
            TransportConfiguration t = parsed.get(i);
            config.addConnectorConfiguration(name, new TransportConfiguration(t.getFactoryClassName(), t.getParams(), name,
                    t.getExtraParams()));
            names.add(name);
        }
        return List.copyOf(names);
    }
}
