package org.btrfssendbackup.core.tools;

import java.nio.file.Path;

/**
 * LUKS operations. Every key is a byte array that the call CONSUMES: it is written to
 * cryptsetup's stdin and then overwritten with zeros, so callers pass a fresh copy each time.
 */
public interface Cryptsetup {

    /** Destroys what is on the device. */
    void format(Path device, byte[] key);

    void open(Path device, String mappingName, byte[] key);

    void close(String mappingName);

    /** Whether the key opens the device, checked against the header without mapping it. */
    boolean keyMatches(Path device, byte[] key);

    boolean isOpen(String mappingName);
}
