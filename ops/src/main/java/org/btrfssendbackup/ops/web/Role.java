package org.btrfssendbackup.ops.web;

import java.util.Arrays;
import java.util.Locale;

/** What a web console user may do: an operator changes things (retry, purge, back up now), a viewer only looks. */
public enum Role {
    OPERATOR,
    VIEWER;

    /** Whether this role may send state-changing requests (every POST but logging out). */
    public boolean mayChange() {
        return this == OPERATOR;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String token) {
        return Arrays.stream(values()).filter(r -> r.token().equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role '" + token + "' is neither operator nor viewer"));
    }
}
