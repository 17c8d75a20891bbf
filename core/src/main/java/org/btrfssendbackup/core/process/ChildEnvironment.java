package org.btrfssendbackup.core.process;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment a child process gets: this JVM's environment minus variables that must not
 * leak, plus the command line's explicit additions.
 *
 * <p>Removed: any variable whose name contains PASS, SECRET, TOKEN, CREDENTIAL or PRIVATE
 * (case-insensitive; e.g. a broker password an operator exported), and SSH_ORIGINAL_COMMAND
 * (on backup-srv it is text chosen by the remote client; children have no use for it).
 * Added by default: LC_ALL=C, so the output of btrfs, cryptsetup and mount parses the same on
 * every machine. Secrets are never passed this way: /proc/PID/environ is readable by the same
 * user and is inherited by grandchildren.
 */
public final class ChildEnvironment {

    private static final Pattern SECRET_LIKE =
            Pattern.compile("(?i).*(PASS|SECRET|TOKEN|CREDENTIAL|PRIVATE).*");

    private ChildEnvironment() {
    }

    public static boolean mustNotLeak(String name) {
        return SECRET_LIKE.matcher(name).matches() || name.equals("SSH_ORIGINAL_COMMAND");
    }

    /** Edits a {@link ProcessBuilder#environment()} map in place. */
    public static void apply(Map<String, String> environment, Map<String, String> additions) {
        environment.keySet().removeIf(ChildEnvironment::mustNotLeak);
        environment.put("LC_ALL", "C");
        environment.putAll(additions);
    }
}
