package org.btrfssendbackup.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent reaches the broker: BROKER_URL, BROKER_USER, BROKER_PASSWORD_FILE. An empty
 * URL means the embedded all-in-one broker. The password is read from its file by the agent
 * when it connects; only the path is configuration.
 */
public record BrokerSettings(Optional<String> url, Optional<String> user, Optional<Path> passwordFile) {

    static final String URL = "BROKER_URL";
    static final String USER = "BROKER_USER";
    static final String PASSWORD_FILE = "BROKER_PASSWORD_FILE";

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
    }

    static BrokerSettings read(ConfigReader r, java.util.function.Predicate<Path> readableFile) {
        Optional<String> url = r.optional(URL, Values::nonBlank);
        Optional<String> user = r.optional(USER, Values::name);
        Optional<Path> passwordFile = r.optional(PASSWORD_FILE, Values::absolutePath);
        passwordFile.ifPresent(p -> r.requireFile(PASSWORD_FILE, p, readableFile));
        if (user.isPresent() != passwordFile.isPresent()) {
            throw r.fail(user.isPresent() ? PASSWORD_FILE : USER,
                    "BROKER_USER and BROKER_PASSWORD_FILE must be set together");
        }
        return new BrokerSettings(url, user, passwordFile);
    }

    void describe(Description d) {
        d.add(URL, url).add(USER, user).add(PASSWORD_FILE, passwordFile);
    }
}
