package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.btrfssendbackup.core.layout.NameGrammar;
import org.btrfssendbackup.messages.event.Require;
import org.junit.jupiter.api.Test;

/**
 * messages may not depend on core, so its event validation keeps a copy of core's name
 * grammars (Require.BACKUP_SET, Require.SNAPSHOT_NAME). This module sees both and holds the
 * copy identical to the one definition, core.layout.NameGrammar: an event can then never
 * carry a name the store refuses, nor be refused for a name the store holds.
 */
class NameGrammarCopyTest {

    @Test
    void theCopiesAreVerbatim() {
        assertThat(Require.BACKUP_SET.pattern()).isEqualTo(NameGrammar.BACKUP_SET);
        assertThat(Require.SNAPSHOT_NAME.pattern()).isEqualTo(NameGrammar.SNAPSHOT_NAME);
        assertThat(Require.BACKUP_SET.flags()).isEqualTo(NameGrammar.BACKUP_SET_PATTERN.flags());
        assertThat(Require.SNAPSHOT_NAME.flags()).isEqualTo(NameGrammar.SNAPSHOT_NAME_PATTERN.flags());
    }

    @Property
    void setNamesAreAcceptedAlike(@ForAll("setLike") String text) {
        assertThat(Require.BACKUP_SET.matcher(text).matches()).as(text)
                .isEqualTo(NameGrammar.BACKUP_SET_PATTERN.matcher(text).matches());
    }

    @Property
    void snapshotNamesAreAcceptedAlike(@ForAll("snapshotLike") String text) {
        assertThat(Require.SNAPSHOT_NAME.matcher(text).matches()).as(text)
                .isEqualTo(NameGrammar.SNAPSHOT_NAME_PATTERN.matcher(text).matches());
    }

    /** Short components from the edge characters, and components around the 255 limit. */
    @Provide
    Arbitrary<String> setLike() {
        Arbitrary<String> component = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ9._-/ é\u0661").ofMinLength(0).ofMaxLength(6),
                Arbitraries.strings().withChars("ab").ofMinLength(254).ofMaxLength(257));
        return component.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("/", parts));
    }

    /** Prefixes from the edge characters and around the 200 limit, with good and bad stamps. */
    @Provide
    Arbitrary<String> snapshotLike() {
        Arbitrary<String> prefix = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ9._-/ \u0661").ofMinLength(0).ofMaxLength(6),
                Arbitraries.strings().withChars("ab-").ofMinLength(198).ofMaxLength(202));
        Arbitrary<String> stamp = Arbitraries.of("-20260131T020500Z", "-20261331T020500Z", "20260131T020500Z",
                "-2026013T020500Z", "-20260131T020500z", "--20260131T020500Z",
                "-\u0662\u0660\u0662\u0666\u0660\u0661\u0663\u0661T020500Z");
        return Combinators.combine(prefix, stamp).as(String::concat);
    }
}
