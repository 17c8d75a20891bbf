package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.btrfssendbackup.ops.console.RestorePointRow;
import org.junit.jupiter.api.Test;

class SetPageTest {

    private static RestorePointRow row(String snapshot, String kind, String parent, int day) {
        return new RestorePointRow("prod-srv", "home", snapshot, kind, parent, 100L,
                Instant.parse("2026-12-01T02:00:00Z").plusSeconds(86_400L * day));
    }

    @Test
    void aFullStartsAChainAndIncrementalsJoinTheirParentsAndAnOrphanIsInNone() {
        List<RestorePointRow> rows = List.of(
                row("s1", "full", null, 0), row("s2", "incremental", "s1", 1), row("s3", "incremental", "s2", 2),
                row("s4", "full", null, 3), row("s5", "incremental", "s4", 4), row("s6", "incremental", "gone", 5),
                row("s7", "?", null, 6), row("s8", "incremental", "s7", 7));
        assertThat(SetPage.chains(rows)).containsEntry("s1", 1).containsEntry("s2", 1).containsEntry("s3", 1)
                .containsEntry("s4", 2).containsEntry("s5", 2).containsEntry("s6", 0).containsEntry("s7", 0)
                .containsEntry("s8", 0);
    }

    @Test
    void theValuesOfTheStoreAreEscaped() {
        WebSession viewer = new WebSession("id", "vic", Role.VIEWER, "t", Instant.EPOCH);
        String html = SetPage.render("home", List.of(row("<b>x</b>", "full", null, 0)), null, viewer);
        assertThat(html).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
    }
}
