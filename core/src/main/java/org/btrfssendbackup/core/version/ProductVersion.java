package org.btrfssendbackup.core.version;

/**
 * The one version string every command prints with {@code --version}. A compile-time
 * constant so picocli's {@code @Command(version = ...)} can use it; keep it equal to the
 * Maven project version without its -SNAPSHOT suffix (ProductVersionTest checks that).
 */
public final class ProductVersion {

    public static final String VERSION = "0.1.0";

    private ProductVersion() {
    }
}
