package org.btrfssendbackup.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a secret from a file that only root (or the broker's own system user) can read. A file
 * that is group- or world-accessible, or owned by anyone else, is refused: its secret must be
 * considered leaked, and silently using it would hide that.
 */
public final class PasswordFile {

    /**
     * The system user the hub's broker runs as (its unit's User=). Its files are as private as
     * root's: only root and that account can write them, so root (the console) may read them and
     * the broker may read its own; any other owner is refused.
     */
    public static final String BROKER_SYSTEM_USER = "btrfs-backup-broker";

    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PasswordFile() {
    }

    /**
     * The first line of the file, without its line end.
     *
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    public static String read(Path file) {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IllegalStateException("read password file " + file + ": " + e, e);
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalStateException("read password file " + file + ": not a regular file (symbolic links are refused)");
        }
        String owner = attributes.owner().getName();
        if (!acceptableOwner(owner, System.getProperty("user.name"))) {
            throw new IllegalStateException("read password file " + file + ": owned by " + owner
                    + ", must be owned by root or " + BROKER_SYSTEM_USER + " (chown root:root " + file + ")");
        }
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(attributes.permissions());
        loose.retainAll(FORBIDDEN);
        if (!loose.isEmpty()) {
            throw new IllegalStateException("read password file " + file + ": accessible by group or others " + loose
                    + ", must be mode 0600 or 0400 (chmod 600 " + file + ")");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("read password file " + file + ": " + e, e);
        }
        int lineEnd = content.indexOf('\n');
        String password = (lineEnd < 0 ? content : content.substring(0, lineEnd)).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException("read password file " + file + ": empty password");
        }
        return password;
    }

    /** root, the broker's system user, or the user this process runs as (a broker started by hand as its own user). */
    static boolean acceptableOwner(String owner, String processUser) {
        return "root".equals(owner) || BROKER_SYSTEM_USER.equals(owner) || owner.equals(processUser);
    }

    /**
     * Writes a random root-only (0600) password for each standard user ({@link BrokerRole}) that
     * has no {@code DIR/NAME.password} yet, creating {@code directory} (0700) when needed; an
     * existing file is kept. For brokers that make their own users: the producer's embedded
     * broker and the class data training runs.
     *
     * @return {@code directory}
     * @throws IllegalStateException naming the directory and the cause
     */
    public static Path writeMissingStandardPasswords(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            SecureRandom random = new SecureRandom();
            for (BrokerRole role : BrokerRole.values()) {
                Path file = directory.resolve(role.roleName() + ".password");
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
                }
            }
            return directory;
        } catch (IOException e) {
            throw new IllegalStateException("write the broker users' passwords in " + directory + ": " + e.getMessage(), e);
        }
    }
}
