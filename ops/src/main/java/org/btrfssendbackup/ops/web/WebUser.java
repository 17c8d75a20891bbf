package org.btrfssendbackup.ops.web;

import java.util.Objects;
import java.util.regex.Pattern;

/** One line of the users file: {@code NAME ROLE HASH}. */
public record WebUser(String name, Role role, PasswordHash hash) {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    public WebUser {
        Objects.requireNonNull(name, "web user: name");
        Objects.requireNonNull(role, "web user " + name + ": role");
        Objects.requireNonNull(hash, "web user " + name + ": hash");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("web user name '" + name + "' must match " + NAME.pattern());
        }
    }

    public String line() {
        return name + " " + role.token() + " " + hash.encoded();
    }
}
