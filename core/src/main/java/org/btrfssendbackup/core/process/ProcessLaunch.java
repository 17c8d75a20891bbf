package org.btrfssendbackup.core.process;

import java.util.Optional;

/**
 * How the JVM starts programs. On Linux, JDK 12 to 21 default to posix_spawn through the JDK's
 * {@code jspawnhelper}: every program costs two execs, the helper's and its own. vfork(2), the
 * default before JDK 12 and still offered up to JDK 21, does one: about 2 ms less per program,
 * which a chain restore pays twice per link ({@code btrfs receive}, {@code btrfs subvolume show}).
 * The property is read once, at the first program a JVM starts, so this is set before any.
 * Later JDKs may drop vfork (an unknown mechanism would fail every start), so it is asked for
 * only up to 21, and never over a value the operator set ({@code -Djdk.lang.Process.launchMechanism=}).
 */
public final class ProcessLaunch {
    static final String PROPERTY = "jdk.lang.Process.launchMechanism";
    static final String VFORK = "VFORK";
    /** The last JDK feature release known to offer VFORK on Linux. */
    static final int LAST_WITH_VFORK = 21;

    private ProcessLaunch() {
    }

    /** Asks for vfork where this JVM offers it; call before the JVM's first program. */
    public static void preferVfork() {
        mechanismFor(System.getProperty("os.name"), Runtime.version().feature(), System.getProperty(PROPERTY))
                .ifPresent(mechanism -> System.setProperty(PROPERTY, mechanism));
    }

    /** The mechanism to set, if any: VFORK on Linux up to JDK 21 when nobody chose one. */
    static Optional<String> mechanismFor(String osName, int jdkFeature, String alreadySet) {
        boolean offered = "Linux".equals(osName) && jdkFeature <= LAST_WITH_VFORK;
        return offered && alreadySet == null ? Optional.of(VFORK) : Optional.empty();
    }
}
