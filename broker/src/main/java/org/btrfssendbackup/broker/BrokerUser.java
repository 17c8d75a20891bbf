package org.btrfssendbackup.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One broker login: its name, its role and the root-owned file holding its password. The
 * password itself is read only when the broker starts ({@link PasswordFile}), so settings
 * never hold secrets.
 */
public record BrokerUser(String name, BrokerRole role, Path passwordFile) {

    private static final String NAME_PATTERN = "[a-z][a-z0-9._-]{0,63}";

    public BrokerUser {
        Objects.requireNonNull(role, "broker user: role");
        Objects.requireNonNull(passwordFile, "broker user: password file");
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("broker user: invalid name \"" + name + "\" (expected " + NAME_PATTERN + ")");
        }
    }
}
