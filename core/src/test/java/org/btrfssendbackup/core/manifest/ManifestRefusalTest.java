package org.btrfssendbackup.core.manifest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.btrfssendbackup.core.layout.BackupSetName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestRefusalTest {

    private static final String S = "snapshot=p-20260201T000000Z\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no snapshot                | parent=p-20260101T000000Z\\n                 | required key 'snapshot'",
            "bad snapshot               | snapshot=p-20261301T000000Z\\n               | line 1",
            "traversal in parent        | " + "snapshot=p-20260201T000000Z\\nparent=../x\\n | line 2",
            "parent not older           | " + "snapshot=p-20260201T000000Z\\nparent=p-20260301T000000Z\\n | is not older",
            "incr without parent        | " + "snapshot=p-20260201T000000Z\\nkind=incr\\n | needs a parent",
            "full with parent           | " + "snapshot=p-20260201T000000Z\\nkind=full\\nparent=p-20260101T000000Z\\n | has no parent",
            "other set                  | " + "snapshot=p-20260201T000000Z\\nset=other/set\\n | does not match",
            "duplicate key              | " + "snapshot=p-20260201T000000Z\\nSNAPSHOT=p-20260201T000000Z\\n | appears twice",
            "not key=value              | " + "snapshot=p-20260201T000000Z\\ngarbage\\n | line 2",
            "bad bytes                  | " + "snapshot=p-20260201T000000Z\\nbytes=12x\\n | line 2",
            "negative bytes             | " + "snapshot=p-20260201T000000Z\\nbytes=-1\\n | negative",
            "bad sha256                 | " + "snapshot=p-20260201T000000Z\\nsha256=abc\\n | sha256",
            "stream file mismatch       | " + "snapshot=p-20260201T000000Z\\nstream_file=q-20260201T000000Z.full.btrfs.gpg\\n | does not match",
            "bad compression            | " + "snapshot=p-20260201T000000Z\\ncompression=xz\\n | line 2",
            "bad created                | " + "snapshot=p-20260201T000000Z\\ncreated=yesterday\\n | line 2",
            "bad uuid                   | " + "snapshot=p-20260201T000000Z\\nbtrfs_uuid=xyz\\n | uuid",
    })
    void refuses(String why, String text, String expected) {
        assertThatThrownBy(() -> ManifestReader.read(text.replace("\\n", "\n"), BackupSetName.of("prod-srv/rootfs"), "m"))
                .as(why)
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("manifest m")
                .hasMessageContaining(expected.strip());
    }

    @org.junit.jupiter.api.Test
    void refusesManifestWithoutAnySet() {
        assertThatThrownBy(() -> ManifestReader.read(S, null, "m")).hasMessageContaining("'set' is missing");
    }
}
