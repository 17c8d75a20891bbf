package org.btrfssendbackup.core.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.NameText;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * The receiver's grammar: parses SSH_ORIGINAL_COMMAND into a {@link ReceiverCommand}. The text comes from a possibly
 * compromised producer, so there is no shell, no quoting and no leniency: words are separated
 * by exactly one space, every word must match its strict pattern, and anything else is
 * refused with a {@link CommandRefusedException} naming the reason.
 */
public final class ReceiverCommands {

    /** Longer than any valid command (3 x 255-char set components, two 200-char snapshots). */
    public static final int MAX_LENGTH = 2048;

    private ReceiverCommands() {
    }

    public static ReceiverCommand parse(String commandLine) {
        if (commandLine == null || commandLine.isEmpty()) {
            throw new CommandRefusedException("empty command (this key only runs the backup receiver)");
        }
        if (commandLine.length() > MAX_LENGTH) {
            throw new CommandRefusedException("command longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new CommandRefusedException("command contains a control or non-ASCII character at position " + i);
            }
        }
        List<String> words = Arrays.asList(commandLine.split(" ", -1));
        if (words.contains("")) {
            throw new CommandRefusedException("words must be separated by exactly one space: '"
                    + NameText.quote(commandLine) + "'");
        }
        String word = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (word) {
            case "version" -> {
                arity(word, args, 0, 0);
                yield new ReceiverCommand.Version();
            }
            case "put-stream" -> putStream(args);
            case "list" -> {
                arity(word, args, 1, 1);
                yield new ReceiverCommand.ListSet(set(word, args.get(0)));
            }
            case "get-stream" -> {
                arity(word, args, 2, 2);
                yield new ReceiverCommand.GetStream(set(word, args.get(0)),
                        value(word, "stream file", args.get(1), StreamFileName::parse));
            }
            case "open-luks" -> {
                arity(word, args, 0, 0);
                yield new ReceiverCommand.OpenLuks();
            }
            case "receive" -> {
                arity(word, args, 2, 3);
                SnapshotName snapshot = snapshot(word, args.get(1));
                yield new ReceiverCommand.Receive(set(word, args.get(0)), snapshot,
                        args.size() == 3 ? Optional.of(parent(word, args.get(2), snapshot)) : Optional.empty());
            }
            case "prune-received" -> {
                arity(word, args, 1, 1);
                yield new ReceiverCommand.PruneReceived(set(word, args.get(0)));
            }
            case "close-luks" -> {
                arity(word, args, 0, 0);
                yield new ReceiverCommand.CloseLuks();
            }
            case "read-session" -> {
                arity(word, args, 0, 0);
                yield new ReceiverCommand.ReadSession();
            }
            default -> throw new CommandRefusedException("unknown command '" + NameText.quote(word)
                    + "' (accepted: " + String.join(", ", ReceiverProtocol.ENABLED_COMMANDS) + ")");
        };
    }

    /** {@code put-stream SET SNAPSHOT full|incr [PARENT] [compression=none|zstd]}. */
    private static ReceiverCommand.PutStream putStream(List<String> args) {
        String word = "put-stream";
        if (args.size() < 3) {
            throw new CommandRefusedException(word + ": expected SET SNAPSHOT full|incr [PARENT] [compression=none|zstd]");
        }
        BackupSetName set = set(word, args.get(0));
        SnapshotName snapshot = snapshot(word, args.get(1));
        StreamKind kind = value(word, "kind", args.get(2), StreamKind::parse);
        int next = 3;
        Optional<SnapshotName> parent = Optional.empty();
        if (kind == StreamKind.INCR) {
            if (args.size() <= next || args.get(next).contains("=")) {
                throw new CommandRefusedException(word + ": an incr stream needs a PARENT snapshot");
            }
            parent = Optional.of(parent(word, args.get(next++), snapshot));
        } else if (args.size() > next && !args.get(next).contains("=")) {
            throw new CommandRefusedException(word + ": a full stream takes no PARENT, got '"
                    + NameText.quote(args.get(next)) + "'");
        }
        Compression compression = Compression.UNKNOWN;
        boolean compressionGiven = false;
        for (String option : args.subList(next, args.size())) {
            if (!option.startsWith("compression=") || compressionGiven) {
                throw new CommandRefusedException(word + ": unexpected argument '" + NameText.quote(option)
                        + "' (the only option is compression=none|zstd, once)");
            }
            String value = option.substring("compression=".length());
            if (!value.equals("none") && !value.equals("zstd")) {
                throw new CommandRefusedException(word + ": compression must be none or zstd, got '"
                        + NameText.quote(value) + "'");
            }
            compression = Compression.parse(value);
            compressionGiven = true;
        }
        return new ReceiverCommand.PutStream(set, snapshot, kind, parent, compression);
    }

    private static void arity(String word, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? Integer.toString(min) : min + " to " + max;
            throw new CommandRefusedException(word + ": expected " + expected + " argument(s), got " + args.size());
        }
    }

    private static BackupSetName set(String word, String text) {
        return value(word, "set", text, BackupSetName::of);
    }

    private static SnapshotName snapshot(String word, String text) {
        return value(word, "snapshot", text, SnapshotName::parse);
    }

    private static SnapshotName parent(String word, String text, SnapshotName snapshot) {
        SnapshotName parent = value(word, "parent", text, SnapshotName::parse);
        if (parent.compareTo(snapshot) >= 0) {
            throw new CommandRefusedException(word + ": parent " + parent + " is not older than " + snapshot);
        }
        return parent;
    }

    private static <T> T value(String word, String what, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException(word + ": bad " + what + ": " + e.getMessage());
        }
    }
}
