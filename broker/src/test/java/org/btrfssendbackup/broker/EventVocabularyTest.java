package org.btrfssendbackup.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.messages.EventJson;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * core's and the events' vocabularies are two enums each (the floors cannot share a type): the
 * conversion exists once, in {@link EventVocabulary}, and the words on disk, on the wire and in
 * the events are the same for every constant.
 */
class EventVocabularyTest {

    @ParameterizedTest
    @EnumSource(StreamKind.class)
    void everyStreamKindRoundTripsAndKeepsItsWord(StreamKind kind) throws JsonProcessingException {
        SnapshotKind event = EventVocabulary.snapshotKind(kind);
        assertThat(EventVocabulary.streamKind(event)).isEqualTo(kind);
        assertThat(EventJson.mapper().writeValueAsString(event)).isEqualTo('"' + kind.token() + '"');
    }

    @ParameterizedTest
    @EnumSource(SnapshotKind.class)
    void everySnapshotKindHasAStreamKind(SnapshotKind kind) {
        assertThat(EventVocabulary.snapshotKind(EventVocabulary.streamKind(kind))).isEqualTo(kind);
    }

    /** No code converts the backup mode (each step knows its own); the two enums still say the same words. */
    @ParameterizedTest
    @EnumSource(BackupMode.class)
    void everyBackupModeIsTheSameWordInTheConfigAndInTheEvents(BackupMode mode) throws JsonProcessingException {
        var event = org.btrfssendbackup.messages.event.BackupMode.valueOf(mode.name());
        assertThat(EventJson.mapper().writeValueAsString(event)).isEqualTo('"' + mode.token() + '"');
        assertThat(org.btrfssendbackup.messages.event.BackupMode.values()).hasSameSizeAs(BackupMode.values());
    }
}
