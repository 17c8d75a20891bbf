package org.btrfssendbackup.core.tools;

import static org.btrfssendbackup.core.tools.ArgChecks.absolute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.process.CommandLine;

/** Command lines for btrfs-progs. Pure: builds argv, runs nothing. */
public final class BtrfsArgs {

    private static final String BTRFS = "btrfs";

    private BtrfsArgs() {
    }

    public static CommandLine snapshotReadOnly(Path source, Path destination) {
        return CommandLine.of(BTRFS, "subvolume", "snapshot", "-r",
                        absolute("snapshot source", source), absolute("snapshot destination", destination))
                .describedAs("create read-only snapshot " + destination);
    }

    /** {@code btrfs send [-p PARENT] SNAPSHOT}: the stream goes to stdout. */
    public static CommandLine send(Path snapshot, Optional<Path> parent) {
        List<String> argv = new ArrayList<>(List.of(BTRFS, "send"));
        parent.ifPresent(p -> {
            argv.add("-p");
            argv.add(absolute("send parent", p));
        });
        argv.add(absolute("snapshot to send", snapshot));
        return CommandLine.of(argv).describedAs(
                parent.map(p -> "send " + snapshot + " incrementally from " + p).orElse("send " + snapshot));
    }

    /**
     * {@code btrfs receive -C [-e] DIRECTORY}: the stream comes from stdin. {@code -C} chroots
     * the receive into DIRECTORY: the stream's paths come from the sender (on backup-srv, a
     * possibly compromised prod-srv), and must not reach outside it; incremental parents are
     * found there too, since every link of a chain is received into the same directory.
     * {@code -e} ends the receive at the stream's end marker, so several concatenated streams
     * are not read as one.
     */
    public static CommandLine receive(Path directory, boolean stopAtEndMarker) {
        List<String> argv = new ArrayList<>(List.of(BTRFS, "receive", "-C"));
        if (stopAtEndMarker) {
            argv.add("-e");
        }
        argv.add(absolute("receive directory", directory));
        return CommandLine.of(argv).describedAs("receive into " + directory);
    }

    /** {@code btrfs receive --dump}: parses a stream from stdin and prints it; writes nothing. */
    public static CommandLine receiveDump() {
        return CommandLine.of(BTRFS, "receive", "--dump").describedAs("parse send stream");
    }

    public static CommandLine deleteSubvolume(Path subvolume) {
        return CommandLine.of(BTRFS, "subvolume", "delete", absolute("subvolume to delete", subvolume))
                .describedAs("delete subvolume " + subvolume);
    }

    public static CommandLine showSubvolume(Path subvolume) {
        return CommandLine.of(BTRFS, "subvolume", "show", absolute("subvolume", subvolume))
                .describedAs("show subvolume " + subvolume);
    }

    /** {@code btrfs subvolume list -o PATH}: subvolumes below the subvolume containing PATH. */
    public static CommandLine listSubvolumesBelow(Path path) {
        return CommandLine.of(BTRFS, "subvolume", "list", "-o", absolute("subvolume list path", path))
                .describedAs("list subvolumes below " + path);
    }

    /** {@code btrfs property get -ts PATH ro}: prints {@code ro=true} or {@code ro=false}. */
    public static CommandLine getReadOnlyProperty(Path subvolume) {
        return CommandLine.of(BTRFS, "property", "get", "-ts", absolute("subvolume", subvolume), "ro")
                .describedAs("read the ro property of " + subvolume);
    }

    public static CommandLine filesystemSync(Path path) {
        return CommandLine.of(BTRFS, "filesystem", "sync", absolute("filesystem path", path))
                .describedAs("sync filesystem at " + path);
    }
}
