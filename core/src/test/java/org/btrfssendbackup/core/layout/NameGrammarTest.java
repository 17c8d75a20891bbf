package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NameGrammarTest {

    private static final String STAMP = "-20260131T020500Z";

    @Test
    void snapshotPrefixLimitIs200() {
        String longest = "p".repeat(200);
        assertThat(SnapshotName.parse(longest + STAMP).prefix()).isEqualTo(longest);
        assertThat(NameGrammar.SNAPSHOT_NAME_PATTERN.matcher(longest + STAMP).matches()).isTrue();
        assertThatThrownBy(() -> SnapshotName.parse("p" + longest + STAMP)).hasMessageContaining("is not PREFIX-");
        assertThat(NameGrammar.SNAPSHOT_NAME_PATTERN.matcher("p" + longest + STAMP).matches()).isFalse();
    }

    /** The 200 is what makes the longest derived name, the receiver's temporary stream file, fit NAME_MAX. */
    @Test
    void theLongestDerivedFileNameFitsNameMax() {
        SnapshotName name = SnapshotName.of("p".repeat(NameGrammar.MAX_SNAPSHOT_PREFIX_LENGTH), Instant.parse("2026-01-31T02:05:00Z"));
        String stream = StreamFileName.of(name, StreamKind.INCR).value();
        String longestToken = Long.toString(Long.MAX_VALUE, 36);
        String temporary = StoreLayout.temporaryFor(java.nio.file.Path.of("/b", stream), longestToken).getFileName().toString();
        assertThat(temporary).hasSize(255);
    }

    @Test
    void setComponentLimitIs255() {
        String longest = "c".repeat(255);
        assertThat(BackupSetName.of("a/" + longest + "/b").value()).endsWith("/b");
        assertThat(NameGrammar.BACKUP_SET_PATTERN.matcher("a/" + longest + "/b").matches()).isTrue();
        assertThatThrownBy(() -> BackupSetName.of("a/" + longest + "c")).hasMessageContaining("at most 255 characters");
        assertThat(NameGrammar.BACKUP_SET_PATTERN.matcher("a/" + longest + "c").matches()).isFalse();
    }

    /** The pattern and the record agree on every string, so callers may check either. */
    @Property
    void setPatternAndRecordAgree(@ForAll("setLike") String text) {
        boolean pattern = NameGrammar.BACKUP_SET_PATTERN.matcher(text).matches();
        boolean record;
        try {
            BackupSetName.of(text);
            record = true;
        } catch (IllegalArgumentException refused) {
            record = false;
        }
        assertThat(record).as(text).isEqualTo(pattern);
    }

    /** The pattern accepts what the parser reads, apart from dates that do not exist (month 13). */
    @Property
    void snapshotPatternAndParserAgree(@ForAll("snapshotLike") String text) {
        boolean pattern = NameGrammar.SNAPSHOT_NAME_PATTERN.matcher(text).matches() && !text.contains("-20261331T");
        boolean parsed;
        try {
            SnapshotName.parse(text);
            parsed = true;
        } catch (IllegalArgumentException refused) {
            parsed = false;
        }
        assertThat(parsed).as(text).isEqualTo(pattern);
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
