package org.btrfssendbackup.producer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** This host's name as events carry it (the short name hostname(1) prints, made safe). */
public final class HostName {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,252}");

    private HostName() {
    }

    public static String local() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return SAFE.matcher(name).matches() ? name : "localhost";
    }
}
