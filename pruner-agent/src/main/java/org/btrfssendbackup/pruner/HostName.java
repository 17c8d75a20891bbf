package org.btrfssendbackup.pruner;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** This host's name as events carry it (hostname(1)); "localhost" when it cannot be found. */
final class HostName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,252}");

    private HostName() {
    }

    static String local() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return VALID.matcher(name).matches() ? name : "localhost";
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
