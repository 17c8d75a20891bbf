package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebUsersTest {

    @TempDir
    Path dir;

    private static WebUser user(String name, Role role, String password) {
        return new WebUser(name, role, PasswordHash.create(password.toCharArray(), 1000, new SecureRandom()));
    }

    @Test
    void writtenUsersReadBackAndAuthenticateWithTheirOwnPasswordOnly() throws Exception {
        Path file = dir.resolve("web-users");
        WebUsers.of(List.of(user("alice", Role.OPERATOR, "a-pw"))).with(user("bob", Role.VIEWER, "b-pw")).write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain("a-pw").doesNotContain("b-pw");
        WebUsers read = WebUsers.read(file);
        assertThat(read.authenticate("alice", "a-pw".toCharArray())).get().extracting(WebUser::role).isEqualTo(Role.OPERATOR);
        assertThat(read.authenticate("bob", "b-pw".toCharArray())).get().extracting(WebUser::role).isEqualTo(Role.VIEWER);
        assertThat(read.authenticate("alice", "b-pw".toCharArray())).isEmpty();
        assertThat(read.authenticate("carol", "a-pw".toCharArray())).isEmpty();
        assertThat(read.authenticate(null, "a-pw".toCharArray())).isEmpty();
    }

    @Test
    void rewritingTheFileKeepsTheModeTheOperatorGaveIt() throws Exception {
        Path file = dir.resolve("web-users");
        WebUsers.of(List.of(user("alice", Role.OPERATOR, "a-pw"))).write(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        WebUsers.read(file).with(user("bob", Role.VIEWER, "b-pw")).write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(WebUsers.read(file).all()).extracting(WebUser::name).containsExactly("alice", "bob");
    }

    @Test
    void addingAnExistingNameReplacesItsPasswordAndRole() throws Exception {
        WebUsers users = WebUsers.of(List.of(user("alice", Role.OPERATOR, "old"))).with(user("alice", Role.VIEWER, "new"));
        assertThat(users.all()).hasSize(1);
        assertThat(users.authenticate("alice", "old".toCharArray())).isEmpty();
        assertThat(users.authenticate("alice", "new".toCharArray())).get().extracting(WebUser::role).isEqualTo(Role.VIEWER);
    }

    @Test
    void aMissingFileHasNoUsers() throws Exception {
        assertThat(WebUsers.read(dir.resolve("none")).all()).isEmpty();
    }

    @Test
    void badLinesAreRefusedNamingFileAndLine() {
        String hash = user("x", Role.VIEWER, "p").hash().encoded();
        assertThatThrownBy(() -> WebUsers.parse("users", "# c\nalice admin " + hash + "\n"))
                .hasMessageContaining("users line 2").hasMessageContaining("neither operator nor viewer");
        assertThatThrownBy(() -> WebUsers.parse("users", "alice operator\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> WebUsers.parse("users", "a operator " + hash + "\na viewer " + hash + "\n"))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
    }
}
