package org.btrfssendbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellConfigParserTest {

    @Test
    void seedProdConfParses() {
        ConfigFile f = Resources.parse("seed-prod.conf");
        assertThat(f.entries()).hasSize(16);
        assertThat(f.warnings()).isEmpty();
        assertThat(f.get("BACKUP_SSH_PORT").orElseThrow().scalar()).isEmpty();
        ConfigEntry services = f.get("SERVICES_TO_QUIESCE").orElseThrow();
        assertThat(services.array()).isTrue();
        assertThat(services.values()).containsExactly("nginx", "php8.2-fpm", "mysql", "postgresql", "redis-server");
        assertThat(services.origin()).isEqualTo("seed-prod.conf:20");
    }

    /** One assignment per row: the text after "K=" and the values it must yield ('|' separates array elements). */
    @ParameterizedTest(name = "K={0}")
    @CsvSource(delimiter = '~', quoteCharacter = '^', value = {
            "plain              ~ plain",
            "'a b'              ~ a b",
            "\"a b\"            ~ a b",
            "a'b c'\"d\"        ~ ab cd",
            "'$HOME `x` \\'     ~ $HOME `x` \\",
            "a#b                ~ a#b",
            "a # comment        ~ a",
            "'' # empty         ~ ''",
            "/p/with=equals:ok  ~ /p/with=equals:ok",
            "'it''s'            ~ its",
            "\"it's\"           ~ it's",
    })
    void scalarValues(String raw, String expected) {
        ConfigFile f = ShellConfigParser.parse("t", "K=" + raw.strip() + "\n");
        assertThat(f.get("K").orElseThrow().scalar()).isEqualTo(expected.strip().equals("''") ? "" : expected.strip());
    }

    @Test
    void emptyValues() {
        ConfigFile f = ShellConfigParser.parse("t", "A=\nB= # nothing\nC=''\n");
        assertThat(List.of("A", "B", "C")).allSatisfy(k -> assertThat(f.get(k).orElseThrow().scalar()).isEmpty());
    }

    @Test
    void arraysWithQuotesCommentsAndLines() {
        ConfigFile f = ShellConfigParser.parse("t", """
                A=(a b "c d" 'e f')
                B=()
                C=(  # the services
                   nginx   # web
                   'mysql'
                )   # done
                D=x""");
        assertThat(f.get("A").orElseThrow().values()).containsExactly("a", "b", "c d", "e f");
        assertThat(f.get("B").orElseThrow().values()).isEmpty();
        assertThat(f.get("C").orElseThrow().values()).containsExactly("nginx", "mysql");
        assertThat(f.get("C").orElseThrow().line()).isEqualTo(3);
        assertThat(f.get("D").orElseThrow().line()).isEqualTo(7);
    }

    @Test
    void duplicateKeyLastWinsWithAWarning() {
        ConfigFile f = ShellConfigParser.parse("prod.conf", "FULL_INTERVAL_DAYS=32\nX=1\nFULL_INTERVAL_DAYS=36500\n");
        assertThat(f.get("FULL_INTERVAL_DAYS").orElseThrow().scalar()).isEqualTo("36500");
        assertThat(f.warnings()).containsExactly("prod.conf:3: FULL_INTERVAL_DAYS is set again (first on line 1); "
                + "the last value wins, as in the shell");
    }

    /** Line 1 is always a valid assignment so the error line is 2. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '^', value = {
            "K=$HOME                ~ K   ~ '$' (variable or command substitution) in an unquoted value",
            "K=\"$HOME\"            ~ K   ~ '$' (variable or command substitution) inside double quotes",
            "K=$(id)                ~ K   ~ '$'",
            "K=`id`                 ~ K   ~ '`' (command substitution)",
            "K=\"a\\b\"             ~ K   ~ '\\' (escape)",
            "K=a\\ b                ~ K   ~ '\\' (escape)",
            "K=a b                  ~ K   ~ unexpected text after the value: 'b'",
            "K = a                  ~ K   ~ right after the key",
            "export K=a             ~ export ~ no commands such as 'export'",
            "K='open                ~ K   ~ unterminated single quote",
            "K=\"open               ~ K   ~ unterminated double quote",
            "K=(a b                 ~ K   ~ array is not closed with ')'",
            "K=a;rm                 ~ K   ~ shell metacharacter ';'",
            "K=a|b                  ~ K   ~ shell metacharacter '|'",
            "K=~/x                  ~ K   ~ leading '~'",
            "K=(*.conf)             ~ K   ~ '*' in an unquoted array element",
            "K=(a) b                ~ K   ~ unexpected text after the value",
            "1K=a                   ~     ~ expected KEY=value, found '1K=a'",
    })
    void errorsNameKeyAndLine(String line, String key, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ShellConfigParser.parse("/etc/x.conf", "OK=1\n" + line.strip() + "\n"));
        assertThat(e.source()).isEqualTo("/etc/x.conf");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key().orElse("")).isEqualTo(key == null ? "" : key.strip());
        assertThat(e.getMessage()).startsWith("/etc/x.conf:2: ").contains(message.strip());
    }

    @Test
    void missingFileIsAConfigException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ShellConfigParser.parse(missing));
        assertThat(e.getMessage()).startsWith(missing + ": cannot read config file");
    }
}
