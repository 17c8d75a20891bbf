package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grammar of BROKER_USERS: entries {@code NAME:ROLE[@HOST1,HOST2]} separated by spaces
 * (or, without a host list, by commas too, as before). The commas after an {@code @} belong
 * to that entry's host list, so an entry with hosts ends at the next space. Without
 * {@code @hosts} a user is bound as {@link BrokerUser#defaultHosts} says. Each user's password
 * is {@code NAME.password} in the password directory.
 */
final class BrokerUsers {

    private BrokerUsers() {
    }

    /**
     * @throws IllegalArgumentException naming the bad entry and what was expected
     */
    static List<BrokerUser> parse(String text, Path passwordDirectory) {
        List<BrokerUser> users = new ArrayList<>();
        for (String chunk : text.strip().split("\\s+")) {
            if (chunk.isEmpty()) {
                continue;
            }
            int at = chunk.indexOf('@');
            if (at >= 0 && chunk.indexOf('@', at + 1) >= 0) {
                throw new IllegalArgumentException("\"" + chunk + "\" has two host lists; separate entries with @hosts by spaces");
            }
            String[] entries = (at < 0 ? chunk : chunk.substring(0, at)).split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                boolean last = i == entries.length - 1;
                String hostList = last && at >= 0 ? chunk.substring(at + 1) : null;
                if (entries[i].isEmpty() && hostList == null) {
                    continue; // "a, b" or "a,,b", as the old separator allowed
                }
                users.add(entry(entries[i], hostList, passwordDirectory));
            }
        }
        return users;
    }

    private static BrokerUser entry(String entry, String hostList, Path passwordDirectory) {
        String shown = hostList == null ? entry : entry + "@" + hostList;
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("entry \"" + shown + "\" is not NAME:ROLE or NAME:ROLE@HOST,...");
        }
        String name = entry.substring(0, colon);
        BrokerRole role = BrokerRole.parse(entry.substring(colon + 1));
        Path passwordFile = passwordDirectory.resolve(name + ".password");
        if (hostList == null) {
            return new BrokerUser(name, role, passwordFile);
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String host : hostList.split(",", -1)) {
            if (host.isEmpty()) {
                throw new IllegalArgumentException("entry \"" + shown + "\" has an empty host name");
            }
            hosts.add(host);
        }
        return new BrokerUser(name, role, passwordFile, hosts);
    }
}
