package org.btrfssendbackup.core.layout;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A path under BACKUP_ROOT goes through a symbolic link. The store holds none, so one is
 * someone else's doing; following it could read or write outside BACKUP_ROOT.
 */
public final class SymbolicLinkInStoreException extends IOException {

    private static final long serialVersionUID = 1L;

    public SymbolicLinkInStoreException(Path link, Path wanted) {
        super(link + " is a symbolic link (on the way to " + wanted
                + "); the store holds none and the backup programs never follow one under BACKUP_ROOT");
    }
}
