package org.btrfssendbackup.core.layout;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A backup set such as {@code prod-srv/rootfs}: one to three components of
 * {@code [A-Za-z0-9][A-Za-z0-9._-]*} joined by '/'.
 *
 * <p>The first character of a component cannot be '.', so "." and ".." (path traversal) and
 * hidden names can never appear; the value is safe to join to BACKUP_ROOT as a relative path.
 */
public record BackupSetName(String value) {

    public static final int MAX_COMPONENTS = NameGrammar.MAX_SET_COMPONENTS;
    public static final int MAX_COMPONENT_LENGTH = NameGrammar.MAX_SET_COMPONENT_LENGTH;

    /** The grammar ({@link NameGrammar#SET_COMPONENT}) is checked per component so the error names the bad one. */
    private static final Pattern COMPONENT = Pattern.compile(NameGrammar.SET_COMPONENT);

    public BackupSetName {
        if (value == null) {
            throw new IllegalArgumentException("backup set name: missing");
        }
        String[] parts = value.split("/", -1);
        if (parts.length > MAX_COMPONENTS) {
            throw new IllegalArgumentException("backup set name '" + NameText.quote(value)
                    + "': more than " + MAX_COMPONENTS + " components");
        }
        for (String part : parts) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new IllegalArgumentException("backup set name '" + NameText.quote(value)
                        + "': component '" + NameText.quote(part)
                        + "' is not [A-Za-z0-9][A-Za-z0-9._-]* (at most " + MAX_COMPONENT_LENGTH + " characters)");
            }
        }
    }

    /*
     * equals and hashCode by hand: a record's generated ones bootstrap through
     * java.lang.runtime.ObjectMethods at their first call, which spins a dozen method handle classes
     * (about 25 ms of a cold console: restore's listing compares the manifests' sets). Same meaning.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof BackupSetName name && value.equals(name.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    public static BackupSetName of(String value) {
        return new BackupSetName(value);
    }

    public List<String> components() {
        return List.of(value.split("/"));
    }

    @Override
    public String toString() {
        return value;
    }
}
