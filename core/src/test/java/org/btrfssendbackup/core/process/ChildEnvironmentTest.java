package org.btrfssendbackup.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildEnvironmentTest {

    @ParameterizedTest
    @CsvSource({
            "BROKER_PASSWORD, true", "gpg_passphrase, true", "API_TOKEN, true", "AWS_SECRET_ACCESS_KEY, true",
            "MY_PRIVATE_KEY, true", "CREDENTIALS_DIRECTORY, true", "SSH_ORIGINAL_COMMAND, true",
            "PATH, false", "HOME, false", "SSH_AUTH_SOCK, false", "LANG, false"})
    void secretLikeNamesAreRemoved(String name, boolean removed) {
        Map<String, String> env = new HashMap<>(Map.of(name, "v", "KEEP_ME", "1"));
        ChildEnvironment.apply(env, Map.of());
        assertThat(env.containsKey(name)).isEqualTo(!removed);
        assertThat(env).containsEntry("LC_ALL", "C").containsEntry("KEEP_ME", "1");
    }

    @ParameterizedTest
    @CsvSource({"LC_ALL, en_US.UTF-8", "GNUPGHOME, /tmp/g"})
    void explicitAdditionsWin(String name, String value) {
        Map<String, String> env = new HashMap<>();
        ChildEnvironment.apply(env, Map.of(name, value));
        assertThat(env).containsEntry(name, value);
    }
}
