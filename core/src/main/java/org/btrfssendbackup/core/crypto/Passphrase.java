package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The stream passphrase, read from PASSPHRASE_FILE with the semantics of
 * {@code gpg --batch --passphrase-file F}: the bytes of the first line, without the '\n' (a '\r'
 * before it is kept, as gpg keeps it). Held as a char[] (what Bouncy Castle takes; it encodes
 * it as UTF-8 for the S2K, so the file must be valid UTF-8) and wiped on {@link #close()}.
 *
 * <p>A file that group or others may read is refused rather than warned about: the seed creates
 * it with umask 077, the passphrase is the only thing that keeps backup-srv from reading the
 * backups, and a warning in a nightly cron log is read by nobody.
 */
public final class Passphrase implements AutoCloseable {

    /** gpg has no limit, but a "first line" this long means the wrong file was configured. */
    static final int MAX_BYTES = 64 * 1024;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final char[] chars;
    private volatile boolean closed;

    private Passphrase(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("passphrase is empty (gpg refuses an empty passphrase too)");
        }
        this.chars = chars;
    }

    /** Copies {@code chars}; the caller may wipe its array afterwards. */
    public static Passphrase ofChars(char[] chars) {
        return new Passphrase(chars.clone());
    }

    /** Reads the first line of {@code file} as gpg does; refuses an empty one or loose permissions. */
    public static Passphrase fromFile(Path file) throws IOException {
        refuseLoosePermissions(file);
        byte[] line = readFirstLine(file);
        try {
            if (line.length == 0) {
                throw new IOException("reading passphrase file " + file
                        + ": the first line is empty (gpg would refuse it too)");
            }
            return new Passphrase(decodeUtf8(file, line));
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    /** The secret itself, for this package's Bouncy Castle calls only; never copied out. */
    char[] chars() {
        if (closed) {
            throw new IllegalStateException("passphrase used after close()");
        }
        return chars;
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return closed ? "Passphrase[closed]" : "Passphrase[***]";
    }

    private static void refuseLoosePermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing we can check
        }
        Set<PosixFilePermission> loose = EnumSet.copyOf(view.readAttributes().permissions());
        loose.retainAll(GROUP_OR_OTHERS);
        if (!loose.isEmpty()) {
            throw new IOException("refusing passphrase file " + file + ": group or others have "
                    + loose + "; it must be readable by its owner only (chmod 600 " + file + ")");
        }
    }

    private static byte[] readFirstLine(Path file) throws IOException {
        byte[] buffer = new byte[MAX_BYTES + 1];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0) {
                int newline = indexOf(buffer, length, length + n, (byte) '\n');
                if (newline >= 0) {
                    return copyAndWipe(buffer, newline);
                }
                length += n;
            }
        } catch (IOException e) {
            Arrays.fill(buffer, (byte) 0);
            throw new IOException("reading passphrase file " + file + ": " + e.getMessage(), e);
        }
        if (length > MAX_BYTES) {
            Arrays.fill(buffer, (byte) 0);
            throw new IOException("reading passphrase file " + file + ": first line longer than "
                    + MAX_BYTES + " bytes; is PASSPHRASE_FILE the right file?");
        }
        return copyAndWipe(buffer, length);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] copyAndWipe(byte[] buffer, int length) {
        byte[] copy = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, (byte) 0);
        return copy;
    }

    private static char[] decodeUtf8(Path file, byte[] line) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer decoded;
        try {
            decoded = decoder.decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            throw new IOException("reading passphrase file " + file
                    + ": the first line is not valid UTF-8 (Bouncy Castle derives the key from UTF-8)", e);
        }
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }
}
