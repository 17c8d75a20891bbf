package org.btrfssendbackup.ops.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.btrfssendbackup.core.chain.RestorePoint;
import org.btrfssendbackup.core.retention.ChainMode;
import org.btrfssendbackup.core.retention.RetentionPlan;
import org.btrfssendbackup.core.retention.RetentionPlanner;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.ops.console.RestorePointExplanation;
import org.btrfssendbackup.ops.console.StoredRestorePoints;
import java.util.Arrays;
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

    @Test
    void thePageSaysWhyEachPointIsKeptWhatIsDamagedAndWhatItTakesDown() {
        List<RestorePointRow> rows = List.of(row("f1", "full", null, 0), row("i2", "incremental", "f1", 1),
                row("f3", "full", null, 2), row("i4", "incremental", "f3", 3), row("i5", "incremental", "i4", 4),
                row("i6", "incremental", "i5", 5));
        List<RestorePoint> points = rows.stream().map(r -> r.kind().equals("full") ? RestorePoint.full(r.snapshot(), r.time())
                : RestorePoint.incremental(r.snapshot(), r.time(), r.parent())).toList();
        Map<String, String> damaged = Map.of("i4", "failed its check: sha256 mismatch");
        RetentionPolicy policy = new RetentionPolicy(1, 0, 0);
        RetentionPlan plan = RetentionPlanner.plan(points, policy, Set.of(), ChainMode.STREAM_CHAINS, damaged);
        HubView.SetView view = new HubView.SetView(new StoredRestorePoints.Listing(rows, List.of()),
                RestorePointExplanation.explain(points, damaged, Optional.of(plan)), Optional.of(policy));
        WebSession viewer = new WebSession("id", "vic", Role.VIEWER, "t", Instant.EPOCH);

        String html = SetPage.render("home", view, null, viewer);

        assertThat(html).contains("<p id=\"policy\">Kept because: the pruner&#39;s plan now, with backup-srv&#39;s"
                + " KEEP_DAILY=1 KEEP_WEEKLY=0 KEEP_MONTHLY=0");
        assertThat(html).contains("<ul id=\"damaged\">\n<li class=\"CORRUPT\">i4: failed its check: sha256 mismatch;"
                + " it takes down 2 later point(s): i5, i6</li>\n</ul>");
        assertThat(keptBecause(html, "f3")).isEqualTo("the latest restorable point; newest of 2026-12-03 (KEEP_DAILY);"
                + " kept i6 needs it in its chain");
        assertThat(keptBecause(html, "f1")).isEqualTo("nothing keeps it: the next prune deletes it");
        assertThat(keptBecause(html, "i5")).isEqualTo("kept i6 needs it in its chain; not restorable: kept for an"
                + " operator&#39;s decision, never pruned automatically");
        assertThat(keptBecause(html, "i6")).startsWith("not restorable: kept for an operator&#39;s decision");
        assertThat(rows(html).filter(tr -> tr.startsWith("<tr class=\"restore-point CORRUPT\">"))
                .map(tr -> tr.split("<td>")[2])).containsExactly("i4</td>", "i5</td>", "i6</td>");
        assertThat(row(html, "i5")).contains("<td>not restorable: link i4 is damaged: failed its check: sha256 mismatch</td>");
        assertThat(html).contains("<li class=\"chain\">chain 1: full f1, 1 incremental(s), newest i2; every point restores</li>")
                .contains("<li class=\"chain CORRUPT\">chain 2: full f3, 3 incremental(s), newest i6;"
                        + " 3 point(s) do not restore</li>");
        assertThat(html.split("<span class=\"point full\"", -1)).hasSize(3);
        assertThat(html.split("<span class=\"point incremental CORRUPT\"", -1)).hasSize(4);
    }

    @Test
    void withoutThePolicyThePageSaysWhyNoReasonIsShown() {
        WebSession viewer = new WebSession("id", "vic", Role.VIEWER, "t", Instant.EPOCH);
        String html = SetPage.render("home", List.of(row("f1", "full", null, 0)), null, viewer);

        assertThat(html).contains("<p id=\"policy\">Why each point is kept is not shown: backup-srv&#39;s config file")
                .contains("<td class=\"kept-because\"></td>");
    }

    private static java.util.stream.Stream<String> rows(String html) {
        return Arrays.stream(html.split("\n")).filter(line -> line.startsWith("<tr class=\"restore-point"));
    }

    private static String row(String html, String snapshot) {
        return rows(html).filter(tr -> tr.contains("<td>" + snapshot + "</td>")).findFirst().orElseThrow();
    }

    private static String keptBecause(String html, String snapshot) {
        String tr = row(html, snapshot);
        return tr.substring(tr.indexOf("<td class=\"kept-because\">") + "<td class=\"kept-because\">".length(), tr.indexOf("</td></tr>"));
    }
}
