package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.btrfssendbackup.core.layout.NameArbitraries;
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

    @Provide
    Arbitrary<String> setLike() {
        return NameArbitraries.setLike();
    }

    @Provide
    Arbitrary<String> snapshotLike() {
        return NameArbitraries.snapshotLike();
    }
}
