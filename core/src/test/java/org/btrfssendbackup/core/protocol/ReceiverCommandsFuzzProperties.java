package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StoreLayout;

/**
 * Issue 15's fuzz test of the receiver's command parser: random lines and mutations of valid
 * ones (characters inserted, deleted or replaced from a hostile alphabet: '/', "..", NUL,
 * whitespace, look-alike slashes, shell characters) are either refused with a
 * {@link CommandRefusedException} (nothing else escapes the parser) or parse to a command that
 * formats back to exactly the line; and no accepted command names a path outside BACKUP_ROOT
 * (every set, snapshot, parent and file it names resolves under the root, with no '..' or '.'
 * component, no NUL, snapshot and file names without '/').
 */
class ReceiverCommandsFuzzProperties {

    private static final Path ROOT = Path.of("/srv/backup");
    private static final StoreLayout LAYOUT = new StoreLayout(ROOT);
    private static final ReceiverCommandsProperties VALID = new ReceiverCommandsProperties();
    private static final List<String> HOSTILE = List.of("/", "..", "../", "/..", ".", "\0", " ", "  ", "\t", "\n",
            "\r", "\\", "$", ";", "|", "&", "`", "*", "~", "'", "\"", "%2e", "\u2215", "\uff0f", "\u00a0", "\u202e",
            "é", "-", "_", "=", "compression=", "full", "incr", ".btrfs.gpg", ".manifest");

    /** Enough mutants are accepted for the path checks to bite (a mutation inside a name often keeps it valid). */
    @Property(tries = 1000)
    @StatisticsReport(onFailureOnly = true)
    void mutatedCommandLinesAreRefusedOrFormatBackAndStayUnderTheRoot(@ForAll("mutatedLines") String line) {
        Statistics.collect(checkParse(line) ? "accepted" : "refused");
        Statistics.coverage(coverage -> coverage.check("accepted").percentage(p -> p >= 2));
    }

    @Property(tries = 500)
    void randomLinesAreRefusedOrFormatBackAndStayUnderTheRoot(@ForAll("randomLines") String line) {
        checkParse(line);
    }

    /** @return whether the line was accepted (then checked) */
    static boolean checkParse(String line) {
        ReceiverCommand command;
        try {
            command = ReceiverCommands.parse(line);
        } catch (CommandRefusedException refused) {
            return false;
        }
        assertThat(command.format()).as("an accepted line is exactly what its command formats to").isEqualTo(line);
        for (Path path : pathsNamedBy(command)) {
            assertThat(path.normalize()).as("%s names %s", line, path).isEqualTo(path);
            // Path.startsWith compares components, without resolving links (AssertJ's would)
            assertThat(path.startsWith(ROOT) && !path.equals(ROOT)).as("%s names %s under the root", line, path).isTrue();
            for (Path component : ROOT.relativize(path)) {
                assertThat(component.toString()).isNotIn(".", "..", "").doesNotContain("\0");
            }
        }
        return true;
    }

    /** Every store path the receiver derives from a command's names. */
    static List<Path> pathsNamedBy(ReceiverCommand command) {
        List<Path> paths = new ArrayList<>();
        if (command instanceof ReceiverCommand.PutStream c) {
            paths.add(LAYOUT.streamFile(c.set(), c.file()));
            addSnapshots(paths, c.set(), c.snapshot(), c.parent());
        } else if (command instanceof ReceiverCommand.Receive c) {
            addSnapshots(paths, c.set(), c.snapshot(), c.parent());
        } else if (command instanceof ReceiverCommand.GetStream c) {
            paths.add(LAYOUT.streamFile(c.set(), c.file()));
            assertThat(c.file().value()).doesNotContain("/");
        } else if (command instanceof ReceiverCommand.ListSet c) {
            paths.add(LAYOUT.setDirectory(c.set()));
        } else if (command instanceof ReceiverCommand.PruneReceived c) {
            paths.add(LAYOUT.setDirectory(c.set()));
        }
        return paths;
    }

    private static void addSnapshots(List<Path> paths, BackupSetName set, SnapshotName snapshot,
                                     Optional<SnapshotName> parent) {
        paths.add(LAYOUT.setDirectory(set));
        paths.add(LAYOUT.manifestFile(set, snapshot));
        assertThat(snapshot.value()).doesNotContain("/");
        parent.ifPresent(p -> {
            paths.add(LAYOUT.manifestFile(set, p));
            assertThat(p.value()).doesNotContain("/");
        });
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<String> line = VALID.commands().map(ReceiverCommand::format);
        // name characters too, so that many mutants stay valid and reach the path checks
        Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(HOSTILE)),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(2)));
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 1000);
        Arbitrary<String> once = Combinators.combine(line, piece, where, Arbitraries.integers().between(0, 2))
                .as((l, p, w, how) -> mutate(l, p, w, how));
        return Arbitraries.oneOf(once, Combinators.combine(once, piece, where, Arbitraries.integers().between(0, 2))
                .as((l, p, w, how) -> mutate(l, p, w, how)));
    }

    /** how: 0 insert piece, 1 replace one character with piece, 2 delete up to piece's length characters. */
    static String mutate(String line, String piece, int where, int how) {
        int at = where % (line.length() + 1);
        return switch (how) {
            case 0 -> line.substring(0, at) + piece + line.substring(at);
            case 1 -> at == line.length() ? line + piece : line.substring(0, at) + piece + line.substring(at + 1);
            default -> line.substring(0, at) + line.substring(Math.min(line.length(), at + piece.length()));
        };
    }

    @Provide
    Arbitrary<String> randomLines() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(HOSTILE),
                Arbitraries.of("version", "put-stream", "list", "get-stream", "receive", "prune-received", "open-luks",
                        "close-luks", "read-session", "prod-srv/rootfs", "prod-srv-rootfs-20260131T020500Z",
                        "prod-srv-rootfs-20260131T020500Z.full.btrfs.gpg", "../../etc", "/etc/shadow"),
                Arbitraries.strings().all().ofMaxLength(20));
        return word.list().ofMinSize(1).ofMaxSize(6).map(words -> String.join(" ", words))
                .map(l -> l.replace("  ", " "));
    }
}
