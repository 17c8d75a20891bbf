package org.btrfssendbackup.receiver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ReceiverCommand;

/**
 * The sets one SSH key may touch: the forced command's {@code --sets PATTERNS} (one
 * authorized_keys line per prod-srv key, on backup-srv where a compromised prod-srv cannot edit
 * it). PATTERNS is a comma-separated list of globs matched against the whole set name; a pattern
 * holds set-name characters ([A-Za-z0-9._-] and '/') and {@code *}, which matches any run of
 * them, '/' included (so {@code web1/*} is every set below web1). Without the option every set
 * is allowed (the seed's single-producer setup).
 *
 * <p>Commands that name no set (version, open-luks, close-luks) are not bound: they reveal or
 * change nothing of any one set.
 */
public final class SetBinding {

    static final String OPTION = "--sets";
    private static final Pattern PATTERN_GRAMMAR = Pattern.compile("[A-Za-z0-9._/*-]{1,800}");

    private final String text;
    private final List<Pattern> patterns;

    private SetBinding(String text, List<Pattern> patterns) {
        this.text = text;
        this.patterns = patterns;
    }

    /** No {@code --sets}: every set. */
    public static SetBinding everySet() {
        return new SetBinding(null, null);
    }

    /** Parses {@code --sets}' value; IllegalArgumentException names the bad pattern. */
    public static SetBinding parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(OPTION + ": no pattern given (comma-separated globs such as 'web1-*')");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : value.split(",", -1)) {
            if (!PATTERN_GRAMMAR.matcher(pattern).matches()) {
                throw new IllegalArgumentException(OPTION + ": pattern '" + printable(pattern)
                        + "' is empty or holds a character other than [A-Za-z0-9._/-] and '*'");
            }
            patterns.add(Pattern.compile(globToRegex(pattern)));
        }
        return new SetBinding(value, List.copyOf(patterns));
    }

    public boolean allowsEverySet() {
        return patterns == null;
    }

    public boolean allows(BackupSetName set) {
        return patterns == null || patterns.stream().anyMatch(p -> p.matcher(set.value()).matches());
    }

    /** Refuses a command naming a set outside the patterns; commands without a set pass. */
    public void check(ReceiverCommand command) {
        Optional<BackupSetName> set = setOf(command);
        if (set.isPresent() && !allows(set.get())) {
            throw new CommandRefusedException(command.word() + " " + set.get() + ": set " + set.get()
                    + " is not one this key may touch (the key is bound to " + OPTION + " '" + text + "')");
        }
    }

    /** The set a command reads or changes, if it names one. */
    static Optional<BackupSetName> setOf(ReceiverCommand command) {
        if (command instanceof ReceiverCommand.PutStream c) {
            return Optional.of(c.set());
        } else if (command instanceof ReceiverCommand.ListSet c) {
            return Optional.of(c.set());
        } else if (command instanceof ReceiverCommand.GetStream c) {
            return Optional.of(c.set());
        } else if (command instanceof ReceiverCommand.Receive c) {
            return Optional.of(c.set());
        } else if (command instanceof ReceiverCommand.PruneReceived c) {
            return Optional.of(c.set());
        }
        return Optional.empty();
    }

    private static String globToRegex(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return regex.toString();
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return patterns == null ? "every set" : OPTION + " '" + text + "'";
    }
}
