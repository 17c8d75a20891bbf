package org.btrfssendbackup.core.tools;

import static org.btrfssendbackup.core.tools.ArgChecks.absolute;
import static org.btrfssendbackup.core.tools.ArgChecks.name;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.process.CommandLine;

/**
 * Command lines for cryptsetup. The key is always read from stdin ({@code --key-file=-}):
 * cryptsetup then takes all of stdin as the key, exactly as it takes a whole key file, so a
 * key file's bytes sent over stdin open a volume formatted with that file (the seed's setup).
 */
public final class CryptsetupArgs {

    /** cryptsetup's exit status for "no key available with this passphrase". */
    public static final int WRONG_KEY = 2;
    /** cryptsetup's exit status for "device not found / not active". */
    public static final int NO_SUCH_DEVICE = 4;

    private static final Pattern MAPPING_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private CryptsetupArgs() {
    }

    public static CommandLine open(Path device, String mappingName) {
        return CommandLine.of("cryptsetup", "open", "--type", "luks", "--key-file=-",
                        absolute("LUKS device", device), mapping(mappingName))
                .describedAs("open LUKS device " + device + " as " + mappingName);
    }

    public static CommandLine close(String mappingName) {
        return CommandLine.of("cryptsetup", "close", mapping(mappingName))
                .describedAs("close LUKS mapping " + mappingName);
    }

    /** Destroys what is on the device. Key derivation: cryptsetup's default (argon2id, ~2 s). */
    public static CommandLine luksFormat(Path device) {
        return CommandLine.of("cryptsetup", "luksFormat", "--batch-mode", "--key-file=-",
                        absolute("LUKS device", device))
                .describedAs("format LUKS device " + device);
    }

    /**
     * As {@link #luksFormat(Path)} with the cheapest key derivation (PBKDF2, 1000 iterations),
     * for throw-away test volumes: the default argon2 costs seconds of CPU and memory per
     * format and per key check, which shared test machines cannot spare.
     */
    public static CommandLine luksFormatWithCheapKdf(Path device) {
        return CommandLine.of("cryptsetup", "luksFormat", "--batch-mode", "--pbkdf", "pbkdf2",
                        "--pbkdf-force-iterations", "1000", "--key-file=-", absolute("LUKS device", device))
                .describedAs("format LUKS device " + device + " (cheap KDF)");
    }

    /** Checks a key against the header without creating a mapping; exit 2 means a wrong key. */
    public static CommandLine testKey(Path device) {
        return CommandLine.of("cryptsetup", "open", "--test-passphrase", "--key-file=-",
                        absolute("LUKS device", device))
                .describedAs("check key for LUKS device " + device)
                .acceptingExitStatus(WRONG_KEY);
    }

    /** Exit 0 when the mapping is active, 4 when it is not. */
    public static CommandLine status(String mappingName) {
        return CommandLine.of("cryptsetup", "status", mapping(mappingName))
                .describedAs("query LUKS mapping " + mappingName)
                .acceptingExitStatus(NO_SUCH_DEVICE);
    }

    private static String mapping(String mappingName) {
        name("LUKS mapping name", mappingName);
        if (!MAPPING_NAME.matcher(mappingName).matches()) {
            throw new IllegalArgumentException("LUKS mapping name must match " + MAPPING_NAME + ": '"
                    + mappingName + "'");
        }
        return mappingName;
    }
}
