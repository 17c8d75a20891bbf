package org.btrfssendbackup.core.version;

/**
 * The product's version, which every command prints with {@code --version} through
 * {@link ProgramVersion}; keep it equal to the Maven project version without its -SNAPSHOT
 * suffix (ProductVersionTest checks that).
 */
public final class ProductVersion {

    public static final String VERSION = "0.1.0";

    private ProductVersion() {
    }
}
