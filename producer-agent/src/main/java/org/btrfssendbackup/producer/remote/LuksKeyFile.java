package org.btrfssendbackup.producer.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * LUKS_KEY_FILE: its whole content, byte for byte (cryptsetup {@code --key-file} semantics,
 * trailing newline included, as the seed's {@code luksFormat ... /root/prod-srv-luks-key} used
 * it), for open-luks's stdin only.
 *
 * <p>Refused when group or others have any access, like the passphrase file: with the SSH key
 * it opens the backup volume, and a warning in a nightly cron log is read by nobody.
 */
public final class LuksKeyFile {

    /** cryptsetup's default key file size limit (8 MiB); more means the wrong file was configured. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private LuksKeyFile() {
    }

    /**
     * The key's bytes. The caller owns the array and must zero it when done (handing it to
     * {@link RemoteBtrfsTransport#openLuks} does that).
     */
    public static byte[] read(Path file) throws IOException {
        checkPrivate(file);
        byte[] buffer = new byte[4096];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
                if (length > MAX_BYTES) {
                    throw new IOException("reading LUKS key file " + file + ": longer than " + MAX_BYTES
                            + " bytes; is LUKS_KEY_FILE the right file?");
                }
                if (length == buffer.length) {
                    byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
            }
            if (length == 0) {
                throw new IOException("reading LUKS key file " + file + ": the file is empty");
            }
            return Arrays.copyOf(buffer, length);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("reading LUKS key file") ? e
                    : new IOException("reading LUKS key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    /** Readable by its owner only; throws naming the loose permissions otherwise. */
    public static void checkPrivate(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing we can check
        }
        Set<PosixFilePermission> loose;
        try {
            loose = EnumSet.copyOf(view.readAttributes().permissions());
        } catch (IOException e) {
            throw new IOException("reading LUKS key file " + file + ": " + e.getMessage(), e);
        }
        loose.retainAll(GROUP_OR_OTHERS);
        if (!loose.isEmpty()) {
            throw new IOException("refusing LUKS key file " + file + ": group or others have " + loose
                    + "; it must be accessible by its owner only (chmod 600 " + file + ")");
        }
    }
}
