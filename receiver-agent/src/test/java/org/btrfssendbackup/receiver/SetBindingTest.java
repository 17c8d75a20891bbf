package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The --sets grammar and matching, and which commands it binds. */
class SetBindingTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "web1-*            | web1-rootfs         | true",
            "web1-*            | web1-              | true",
            "web1-*            | web2-rootfs         | false",
            "web1-*            | xweb1-rootfs        | false",
            "web1              | web1                | true",
            "web1              | web1/rootfs         | false",
            "web1              | web10               | false",
            "web1/*            | web1/rootfs         | true",
            "web1/*            | web1/a/b            | true",
            "web1/*            | web1                | false",
            "*                 | any/set/name        | true",
            "*-rootfs          | db-rootfs           | true",
            "*-rootfs          | db-rootfs2          | false",
            "a.b               | aXb                 | false",
            "web1-*,db/*       | db/main             | true",
            "web1-*,db/*       | web1-x              | true",
            "web1-*,db/*       | mail                | false",
            "w*b*1             | wxxbyy1             | true",
    })
    void patternsMatchTheWholeSetName(String patterns, String set, boolean allowed) {
        assertThat(SetBinding.parse(patterns).allows(BackupSetName.of(set))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "web1,", ",web1", "web1, web2", "web[12]", "web?", "web1|web2", "(.*)", "web1\\x",
            "web1\n", "we b", "web1;rm", "web1'", "\u00e9t\u00e9"})
    void aPatternOutsideTheGrammarIsAnError(String patterns) {
        assertThatThrownBy(() -> SetBinding.parse(patterns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--sets: ");
    }

    @Test
    void regexCharactersAreLiteralsNotPatterns() {
        // '.' is a set-name character: it must not match any character as in a regular expression
        assertThat(SetBinding.parse("web.1").allows(BackupSetName.of("web.1"))).isTrue();
        assertThat(SetBinding.parse("web.1").allows(BackupSetName.of("webx1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"put-stream web2 p-20260130T000000Z full", "list web2",
            "get-stream web2 p-20260130T000000Z.full.btrfs.gpg", "receive web2 p-20260130T000000Z",
            "receive web2 p-20260131T000000Z p-20260130T000000Z", "prune-received web2"})
    void everyCommandNamingAnotherSetIsRefusedAndTheReasonNamesSetAndPatterns(String line) {
        ReceiverCommand command = ReceiverCommands.parse(line);
        SetBinding binding = SetBinding.parse("web1-*,web1");
        assertThatThrownBy(() -> binding.check(command))
                .isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("web2")
                .hasMessageContaining("bound to --sets 'web1-*,web1'");
        SetBinding.everySet().check(command);
        SetBinding.parse("web2").check(command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "open-luks", "close-luks"})
    void commandsWithoutASetAreAllowed(String line) {
        SetBinding.parse("web1").check(ReceiverCommands.parse(line));
    }

    @Test
    void everyCommandWithASetComponentIsBound() {
        // a new command with a set must not slip past the binding: setOf has to know it
        for (Class<?> kind : ReceiverCommand.class.getPermittedSubclasses()) {
            boolean hasSet = Arrays.stream(kind.getRecordComponents()).map(RecordComponent::getType)
                    .anyMatch(BackupSetName.class::equals);
            assertThat(hasSet).as(kind.getSimpleName()).isEqualTo(setCommands().contains(kind.getSimpleName()));
        }
    }

    private static java.util.Set<String> setCommands() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String line : new String[] {"put-stream s p-20260130T000000Z full", "list s",
                "get-stream s p-20260130T000000Z.full.btrfs.gpg", "receive s p-20260130T000000Z", "prune-received s",
                "version", "open-luks", "close-luks"}) {
            ReceiverCommand c = ReceiverCommands.parse(line);
            if (SetBinding.setOf(c).isPresent()) {
                names.add(c.getClass().getSimpleName());
            }
        }
        return names;
    }
}
