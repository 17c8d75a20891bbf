package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordFileTest {

    @Test
    void readsTheFirstLineOfARootOwnedPrivateFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("operator.password");
        BrokerFixture.writePassword(file, "s3cret");
        Files.writeString(file, "s3cret\nignored second line\n");
        assertThat(PasswordFile.read(file)).isEqualTo("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "r--r--r--"})
    void refusesAFileOthersCanAccess(String mode, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("producer.password");
        BrokerFixture.writePassword(file, "s3cret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        assertThatThrownBy(() -> PasswordFile.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAFileNotOwnedByRoot(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");
        Path file = dir.resolve("pruner.password");
        BrokerFixture.writePassword(file, "s3cret");
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("owned by nobody");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "owner {0}, process user {1}: {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "root, root, true",
        "root, btrfs-backup-broker, true",
        "btrfs-backup-broker, root, true",
        "btrfs-backup-broker, btrfs-backup-broker, true",
        "alice, alice, true",
        "alice, root, false",
        "nobody, btrfs-backup-broker, false",
        "www-data, root, false"})
    void acceptsRootTheBrokerUserOrTheProcessUserAsOwner(String owner, String processUser, boolean accepted) {
        assertThat(PasswordFile.acceptableOwner(owner, processUser)).isEqualTo(accepted);
    }

    @Test
    void refusesSymbolicLinksEmptyAndMissingFiles(@TempDir Path dir) throws Exception {
        Path real = dir.resolve("real.password");
        BrokerFixture.writePassword(real, "s3cret");
        Path link = Files.createSymbolicLink(dir.resolve("link.password"), real);
        assertThatThrownBy(() -> PasswordFile.read(link)).hasMessageContaining("not a regular file");

        Path empty = dir.resolve("empty.password");
        BrokerFixture.writePassword(empty, "");
        assertThatThrownBy(() -> PasswordFile.read(empty)).hasMessageContaining("empty password");

        assertThatThrownBy(() -> PasswordFile.read(dir.resolve("missing.password")))
                .hasMessageContaining("missing.password");
    }

    @Test
    void theBrokerRefusesToStartWithAWorldReadablePasswordFile(@TempDir Path root) throws Exception {
        BrokerSettings settings = BrokerFixture.settings(root);
        Path producerFile = settings.users().get(0).passwordFile();
        Files.setPosixFilePermissions(producerFile, PosixFilePermissions.fromString("rw-r--r--"));
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start broker")
                .hasMessageContaining(producerFile.toString());
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void writesARandomRootOnlyPasswordForEachStandardUserAndKeepsExistingOnes(@TempDir Path root) throws Exception {
        Path dir = root.resolve("passwords");
        Files.createDirectory(dir);
        BrokerFixture.writePassword(dir.resolve("operator.password"), "kept-secret");

        assertThat(PasswordFile.writeMissingStandardPasswords(dir)).isEqualTo(dir);

        for (BrokerRole role : BrokerRole.values()) {
            Path file = dir.resolve(role.roleName() + ".password");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(PasswordFile.read(file)).as(role.roleName()).isNotBlank();
        }
        assertThat(PasswordFile.read(dir.resolve("operator.password"))).isEqualTo("kept-secret");
        assertThat(PasswordFile.read(dir.resolve("producer.password")))
                .isNotEqualTo(PasswordFile.read(dir.resolve("receiver.password")));
    }

    @Test
    void createsTheDirectoryRootOnly(@TempDir Path root) throws Exception {
        Path dir = PasswordFile.writeMissingStandardPasswords(root.resolve("new/passwords"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dir.resolve("producer.password")).isRegularFile();
    }
}
