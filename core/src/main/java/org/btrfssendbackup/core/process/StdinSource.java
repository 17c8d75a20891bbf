package org.btrfssendbackup.core.process;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a child's standard input comes from. Standard input is the channel for secrets
 * (passphrases, LUKS keys): it never appears in {@code ps}, the environment or any log, and
 * the runner never logs it.
 */
public sealed interface StdinSource {

    /** The child reads end-of-file immediately. */
    static StdinSource none() {
        return None.INSTANCE;
    }

    /**
     * The given bytes, then end-of-file. The runner takes ownership of the array and overwrites
     * it with zeros once it is written (or the write failed), so a secret lives in memory no
     * longer than needed. Callers that need the bytes afterwards pass a copy.
     */
    static StdinSource bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** The file's content (connected directly, no copying through Java). */
    static StdinSource file(Path file) {
        return new FromFile(file);
    }

    /** Copied from the stream on a background thread; the runner closes the stream when done. */
    static StdinSource stream(InputStream stream) {
        return new FromStream(stream);
    }

    /** The caller writes to {@link RunningProcess#stdin()}; only for {@link ProcessRunner#start}. */
    static StdinSource pipe() {
        return Pipe.INSTANCE;
    }

    enum None implements StdinSource { INSTANCE }

    enum Pipe implements StdinSource { INSTANCE }

    /** Deliberately not a record: no generated toString/equals that could expose a secret. */
    final class Bytes implements StdinSource {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "bytes");
        }

        /** The live array (not a copy), so the runner can zero it after writing. */
        byte[] ownedArray() {
            return bytes;
        }

        @Override
        public String toString() {
            return "StdinSource.bytes(" + bytes.length + " bytes)";
        }
    }

    record FromFile(Path file) implements StdinSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }

    record FromStream(InputStream stream) implements StdinSource {
        public FromStream {
            Objects.requireNonNull(stream, "stream");
        }
    }
}
