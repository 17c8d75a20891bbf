package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupSetNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"prod-srv/rootfs", "a", "A9", "a/b/c", "host.example.org/root_fs/x-1", "a..b", "a.", "a-"})
    void acceptsValidNames(String value) {
        assertThat(BackupSetName.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/abs", "abs/", "a//b", "..", "../x", "a/../b", "a/..", ".", "./a",
            ".hidden", "a/.hidden", "-a", "_a", "a/b/c/d", "a b", "a;b", "a|b", "a&b", "a$b", "a(b)", "a<b>",
            "a`id`", "a\\b", "a\nb", "a\tb", "prod\u00e9", "a\u0000b", "a*", "a?", "a~", "a=b", "a'b", "a\"b"})
    void refusesInvalidNames(String value) {
        assertThatThrownBy(() -> BackupSetName.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backup set name");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> BackupSetName.of(null)).hasMessageContaining("missing");
    }

    @Test
    void refusesOverlongComponent() {
        assertThat(BackupSetName.of("a".repeat(255)).value()).hasSize(255);
        assertThatThrownBy(() -> BackupSetName.of("a".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsComponents() {
        assertThat(BackupSetName.of("prod-srv/rootfs").components()).containsExactly("prod-srv", "rootfs");
    }

    @Test
    void errorMessageEscapesControlCharacters() {
        assertThatThrownBy(() -> BackupSetName.of("a\u001b[31mred"))
                .hasMessageContaining("\\u001b").hasMessageNotContaining("\u001b");
    }
}
