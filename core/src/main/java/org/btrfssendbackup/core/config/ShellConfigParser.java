package org.btrfssendbackup.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the seed's shell-style config files without a shell: {@code KEY=value} assignments,
 * blank lines, {@code #} comments (also after a value), single and double quotes, and arrays
 * {@code KEY=(a b "c d")} (which may span lines).
 *
 * <p>Nothing is ever evaluated. Anything a shell would expand or execute ({@code $},
 * backticks, {@code \}, {@code ;}, {@code |}, a leading {@code ~}, globs in array words) is an
 * error naming the key and line instead of being read differently from how the seed's scripts
 * read it. Literal text goes in single quotes, where every character is literal.
 */
public final class ShellConfigParser {

    private ShellConfigParser() {
    }

    public static ConfigFile parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read config file: " + e);
        }
        return parse(file.toString(), text);
    }

    /** @param source the name used in messages (normally the file path) */
    public static ConfigFile parse(String source, String text) {
        Cursor c = new Cursor(source, text);
        Map<String, ConfigEntry> entries = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        while (true) {
            c.skipBlanksAndComments();
            if (c.atEnd()) {
                break;
            }
            ConfigEntry entry = assignment(c);
            ConfigEntry previous = entries.remove(entry.key());
            if (previous != null) {
                warnings.add(source + ":" + entry.line() + ": " + entry.key() + " is set again (first on line "
                        + previous.line() + "); the last value wins, as in the shell");
            }
            entries.put(entry.key(), entry);
        }
        return new ConfigFile(source, entries, warnings);
    }

    private static ConfigEntry assignment(Cursor c) {
        int line = c.line;
        String key = c.key();
        if (key.isEmpty()) {
            throw c.error(null, "expected KEY=value, found '" + c.restOfLine() + "'");
        }
        if (c.peek() != '=') {
            if (c.peek() == ' ' || c.peek() == '\t') {
                throw c.error(key, "expected '=' right after the key: only KEY=value lines are allowed, "
                        + "with no spaces around '=' and no commands such as 'export'");
            }
            throw c.error(key, "expected '=' after the key, found '" + c.restOfLine() + "'");
        }
        c.pos++;
        ConfigEntry entry;
        if (c.peek() == '(') {
            c.pos++;
            entry = new ConfigEntry(key, arrayWords(c, key, line), true, c.source, line);
        } else {
            String value = c.atWordEnd(false) ? "" : word(c, key, false);
            entry = new ConfigEntry(key, List.of(value), false, c.source, line);
        }
        c.endOfStatement(key);
        return entry;
    }

    private static List<String> arrayWords(Cursor c, String key, int startLine) {
        List<String> words = new ArrayList<>();
        while (true) {
            c.skipBlanksAndComments();
            if (c.atEnd()) {
                throw new ConfigException(c.source, startLine, key, "array is not closed with ')'");
            }
            if (c.peek() == ')') {
                c.pos++;
                return words;
            }
            words.add(word(c, key, true));
        }
    }

    /** One shell word: unquoted, '...' and "..." parts concatenated, ended by a blank. */
    private static String word(Cursor c, String key, boolean inArray) {
        StringBuilder value = new StringBuilder();
        boolean first = true;
        while (!c.atWordEnd(inArray)) {
            char ch = c.text.charAt(c.pos);
            if (ch == '\'') {
                value.append(c.quoted(key, '\''));
            } else if (ch == '"') {
                value.append(c.quoted(key, '"'));
            } else {
                c.checkUnquoted(key, ch, first, inArray);
                value.append(ch);
                c.pos++;
            }
            first = false;
        }
        return value.toString();
    }

    /** Position and line tracking over the whole text. */
    private static final class Cursor {
        final String source;
        final String text;
        int pos;
        int line = 1;

        Cursor(String source, String text) {
            this.source = source;
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return atEnd() ? '\n' : text.charAt(pos);
        }

        boolean atWordEnd(boolean inArray) {
            char ch = peek();
            return atEnd() || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || (inArray && ch == ')');
        }

        void skipBlanksAndComments() {
            while (!atEnd()) {
                char ch = text.charAt(pos);
                if (ch == '\n') {
                    line++;
                    pos++;
                } else if (ch == ' ' || ch == '\t' || ch == '\r') {
                    pos++;
                } else if (ch == '#') {
                    skipToEndOfLine();
                } else {
                    return;
                }
            }
        }

        void skipToEndOfLine() {
            while (!atEnd() && text.charAt(pos) != '\n') {
                pos++;
            }
        }

        String key() {
            int start = pos;
            while (!atEnd()) {
                char ch = text.charAt(pos);
                boolean ok = ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')
                        || (pos > start && ch >= '0' && ch <= '9');
                if (!ok) {
                    break;
                }
                pos++;
            }
            return text.substring(start, pos);
        }

        String restOfLine() {
            int end = text.indexOf('\n', pos);
            return text.substring(pos, end < 0 ? text.length() : end).strip();
        }

        /** After a value: blanks, then an optional comment, then the end of the line. */
        void endOfStatement(String key) {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) {
                pos++;
            }
            if (peek() == '#') {
                skipToEndOfLine();
            }
            if (!atEnd() && peek() != '\n') {
                throw error(key, "unexpected text after the value: '" + restOfLine()
                        + "' (quote values that contain spaces; one assignment per line)");
            }
        }

        String quoted(String key, char quote) {
            int startLine = line;
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (atEnd() || peek() == '\n') {
                    throw new ConfigException(source, startLine, key,
                            "unterminated " + (quote == '\'' ? "single" : "double") + " quote");
                }
                char ch = text.charAt(pos);
                if (ch == quote) {
                    pos++;
                    return b.toString();
                }
                if (quote == '"' && (ch == '$' || ch == '`' || ch == '\\')) {
                    throw expansion(key, ch, "inside double quotes");
                }
                b.append(ch);
                pos++;
            }
        }

        void checkUnquoted(String key, char ch, boolean wordStart, boolean inArray) {
            if (ch == '$' || ch == '`' || ch == '\\') {
                throw expansion(key, ch, "in an unquoted value");
            }
            if (";&|<>()".indexOf(ch) >= 0) {
                throw error(key, "shell metacharacter '" + ch + "' in an unquoted value; quote the value");
            }
            if (wordStart && ch == '~') {
                throw error(key, "a leading '~' would be expanded by a shell; write the absolute path");
            }
            if (inArray && "*?[{".indexOf(ch) >= 0) {
                throw error(key, "'" + ch + "' in an unquoted array element would be expanded by a shell; quote it");
            }
            if (ch < ' ' && ch != '\t') {
                throw error(key, "control character in value");
            }
        }

        ConfigException expansion(String key, char ch, String where) {
            String what = switch (ch) {
                case '$' -> "'$' (variable or command substitution)";
                case '`' -> "'`' (command substitution)";
                default -> "'\\' (escape)";
            };
            return error(key, what + " " + where + ": this file is never evaluated by a shell, so the value "
                    + "would not mean what it says; put literal text in single quotes");
        }

        ConfigException error(String key, String problem) {
            return new ConfigException(source, line, key, problem);
        }
    }
}
