package org.btrfssendbackup.core.layout;

import java.util.regex.Pattern;

/**
 * The one definition of the name grammars of design.md §4 and §5. {@link BackupSetName},
 * {@link SnapshotName} and the config parser use these; the messages module, which must not
 * depend on core, keeps a verbatim copy in its {@code Require} that a test in the broker module
 * (which sees both) holds identical to this one.
 *
 * <p>The bounds are what the store can hold: a set component is one directory name (NAME_MAX,
 * 255), and a snapshot prefix of 200 leaves room for the longest name derived from it, the
 * receiver's temporary stream file {@code .PREFIX-YYYYmmddTHHMMSSZ.incr.btrfs.gpg.partial-TOKEN}
 * (1 + 200 + 17 + 15 + 9 + 13 = 255). The seed's prefix ({@code prod-srv-rootfs}) is well inside.
 */
public final class NameGrammar {

    /** NAME_MAX of Linux filesystems: a longer component could never be created anyway. */
    public static final int MAX_SET_COMPONENT_LENGTH = 255;
    public static final int MAX_SET_COMPONENTS = 3;
    public static final int MAX_SNAPSHOT_PREFIX_LENGTH = 200;

    /** One component of a set name; it never starts with '.', so "." and ".." cannot appear. */
    public static final String SET_COMPONENT = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SET_COMPONENT_LENGTH - 1) + "}";
    /** A backup set: one to three components joined by '/'. */
    public static final String BACKUP_SET = SET_COMPONENT + "(/" + SET_COMPONENT + "){0," + (MAX_SET_COMPONENTS - 1) + "}";
    /** A snapshot prefix; it may contain '-' itself (e.g. prod-srv-rootfs). */
    public static final String SNAPSHOT_PREFIX = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SNAPSHOT_PREFIX_LENGTH - 1) + "}";
    /** The UTC stamp of a snapshot name; whether the date exists is checked by {@link SnapshotName#parse}. */
    public static final String SNAPSHOT_STAMP = "[0-9]{8}T[0-9]{6}Z";
    /** PREFIX-YYYYmmddTHHMMSSZ. */
    public static final String SNAPSHOT_NAME = SNAPSHOT_PREFIX + "-" + SNAPSHOT_STAMP;

    public static final Pattern BACKUP_SET_PATTERN = Pattern.compile(BACKUP_SET);
    public static final Pattern SNAPSHOT_NAME_PATTERN = Pattern.compile(SNAPSHOT_NAME);

    private NameGrammar() {
    }
}
