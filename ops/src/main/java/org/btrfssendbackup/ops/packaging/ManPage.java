package org.btrfssendbackup.ops.packaging;

import java.util.ArrayList;
import java.util.List;

/**
 * A man page (roff, man macros) made of a command's own help texts: the root command's usage
 * as DESCRIPTION and one subsection per subcommand under COMMANDS. The help texts are the ones
 * the command prints for --help, kept as picocli lays them out (no-fill blocks), so the page
 * cannot drift from the program. Pure: the text in, the page out.
 */
public record ManPage(String name, int section, String version, String summary, String usage, List<Subcommand> subcommands) {

    /** One subcommand's full name ("btrfs-backup-console dlq list") and its help text. */
    public record Subcommand(String qualifiedName, String usage) {
    }

    public ManPage {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("man page name: expected a command name, got '" + name + "'");
        }
        if (section < 1 || section > 8) {
            throw new IllegalArgumentException("man page " + name + ": section " + section + " is not 1..8");
        }
        subcommands = List.copyOf(subcommands);
    }

    /** The page as roff source. */
    public String roff() {
        List<String> lines = new ArrayList<>();
        lines.add(".TH " + quoted(name.toUpperCase(java.util.Locale.ROOT)) + " " + section + " \"\" "
                + quoted("btrfs-send-backup " + version) + " " + quoted("btrfs-send-backup"));
        lines.add(".SH NAME");
        lines.add(escaped(name) + " \\- " + escaped(summary));
        lines.add(".SH DESCRIPTION");
        block(lines, usage);
        if (!subcommands.isEmpty()) {
            lines.add(".SH COMMANDS");
            for (Subcommand sub : subcommands) {
                lines.add(".SS " + quoted(sub.qualifiedName()));
                block(lines, sub.usage());
            }
        }
        lines.add(".SH SEE ALSO");
        lines.add("/usr/share/doc/btrfs-send-backup/README.md");
        return String.join("\n", lines) + "\n";
    }

    /** The file name: name.section. */
    public String fileName() {
        return name + "." + section;
    }

    private static void block(List<String> lines, String text) {
        lines.add(".nf");
        for (String line : text.stripTrailing().split("\n", -1)) {
            lines.add(line.isBlank() ? "" : escaped(line.stripTrailing()));
        }
        lines.add(".fi");
    }

    /** A text line roff prints as it is: backslashes escaped, a leading control character disarmed. */
    static String escaped(String line) {
        String text = line.replace("\\", "\\e");
        return text.startsWith(".") || text.startsWith("'") ? "\\&" + text : text;
    }

    private static String quoted(String argument) {
        return "\"" + escaped(argument).replace("\"", "\\(dq") + "\"";
    }
}
