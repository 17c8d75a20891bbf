package org.btrfssendbackup.ops.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.ops.tree.TreeDifference.Aspect;

/**
 * Compares a restored tree with its source: the entries present (empty directories included),
 * type, file content, permission bits, owner and group, user.* xattrs, hard-link structure,
 * sparseness and symbolic link targets. Times are not compared: a restore is judged by what a
 * program reading the files would see, and atimes change by reading the trees here.
 *
 * <p>Used by the restore tests and by the demo; an empty result means identical.
 */
public final class TreeComparison {

    /**
     * A file counts as sparse when at least this many bytes of its length are not allocated.
     * Smaller gaps are noise: btrfs stores small files inline in metadata and rounds tails, so an
     * exact block count differs between filesystems holding the same data.
     */
    public static final long SPARSE_GAP_BYTES = 64 * 1024;

    private final ProcessRunner runner;

    public TreeComparison(ProcessRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    public TreeComparison() {
        this(new LocalProcessRunner());
    }

    /** Every difference of {@code actual} from {@code expected}, sorted by path. */
    public List<TreeDifference> compare(Path expected, Path actual) throws IOException {
        Map<String, EntryFacts> left = TreeReader.read(expected);
        Map<String, EntryFacts> right = TreeReader.read(actual);
        Map<String, Long> leftAllocated = AllocatedSizes.read(runner, expected);
        Map<String, Long> rightAllocated = AllocatedSizes.read(runner, actual);
        Map<String, Set<String>> leftLinks = hardLinkPeers(left);
        Map<String, Set<String>> rightLinks = hardLinkPeers(right);

        List<TreeDifference> differences = new ArrayList<>();
        Set<String> paths = new TreeSet<>(left.keySet());
        paths.addAll(right.keySet());
        for (String path : paths) {
            EntryFacts l = left.get(path);
            EntryFacts r = right.get(path);
            if (r == null) {
                differences.add(new TreeDifference(path, Aspect.MISSING, l.type().name().toLowerCase(java.util.Locale.ROOT), "-"));
            } else if (l == null) {
                differences.add(new TreeDifference(path, Aspect.EXTRA, "-", r.type().name().toLowerCase(java.util.Locale.ROOT)));
            } else if (l.type() != r.type()) {
                differences.add(new TreeDifference(path, Aspect.TYPE, l.type().name(), r.type().name()));
            } else {
                compareEntry(path, l, r, expected, actual, differences);
                if (l.type() == EntryType.FILE) {
                    compareSparseness(path, l.size(), leftAllocated.getOrDefault(path, 0L),
                            rightAllocated.getOrDefault(path, 0L), differences);
                }
                Set<String> lPeers = leftLinks.getOrDefault(path, Set.of());
                Set<String> rPeers = rightLinks.getOrDefault(path, Set.of());
                if (!lPeers.equals(rPeers)) {
                    differences.add(new TreeDifference(path, Aspect.HARD_LINKS, "linked to " + lPeers,
                            "linked to " + rPeers));
                }
            }
        }
        return List.copyOf(differences);
    }

    private static void compareEntry(String path, EntryFacts l, EntryFacts r, Path leftRoot, Path rightRoot,
            List<TreeDifference> out) throws IOException {
        if (l.type() != EntryType.SYMLINK && (l.mode() & 07777) != (r.mode() & 07777)) {
            out.add(new TreeDifference(path, Aspect.MODE, l.modeText(), r.modeText()));
        }
        if (l.uid() != r.uid()) {
            out.add(new TreeDifference(path, Aspect.OWNER, "uid " + l.uid(), "uid " + r.uid()));
        }
        if (l.gid() != r.gid()) {
            out.add(new TreeDifference(path, Aspect.GROUP, "gid " + l.gid(), "gid " + r.gid()));
        }
        if (!l.xattrs().equals(r.xattrs())) {
            out.add(new TreeDifference(path, Aspect.XATTR, new TreeMap<>(l.xattrs()).toString(),
                    new TreeMap<>(r.xattrs()).toString()));
        }
        if (!l.symlinkTarget().equals(r.symlinkTarget())) {
            out.add(new TreeDifference(path, Aspect.SYMLINK_TARGET, l.symlinkTarget().orElse("-"),
                    r.symlinkTarget().orElse("-")));
        }
        if (l.type() == EntryType.OTHER && l.rdev() != r.rdev()) {
            out.add(new TreeDifference(path, Aspect.TYPE, "device " + l.rdev(), "device " + r.rdev()));
        }
        if (l.type() == EntryType.FILE) {
            compareContent(path, l, r, leftRoot.resolve(path), rightRoot.resolve(path), out);
        }
    }

    private static void compareContent(String path, EntryFacts l, EntryFacts r, Path left, Path right,
            List<TreeDifference> out) throws IOException {
        if (l.size() != r.size()) {
            out.add(new TreeDifference(path, Aspect.CONTENT, l.size() + " bytes", r.size() + " bytes"));
            return;
        }
        long mismatch = Files.mismatch(left, right);
        if (mismatch >= 0) {
            out.add(new TreeDifference(path, Aspect.CONTENT, "same bytes", "first difference at byte " + mismatch));
        }
    }

    private static void compareSparseness(String path, long size, long leftAllocated, long rightAllocated,
            List<TreeDifference> out) {
        boolean leftSparse = size - leftAllocated >= SPARSE_GAP_BYTES;
        boolean rightSparse = size - rightAllocated >= SPARSE_GAP_BYTES;
        if (leftSparse != rightSparse) {
            out.add(new TreeDifference(path, Aspect.SPARSENESS, describe(leftSparse, leftAllocated, size),
                    describe(rightSparse, rightAllocated, size)));
        }
    }

    private static String describe(boolean sparse, long allocated, long size) {
        return (sparse ? "sparse" : "not sparse") + " (" + allocated + " of " + size + " bytes allocated)";
    }

    /** For each non-directory entry with hard links inside the tree: the other paths of its inode. */
    private static Map<String, Set<String>> hardLinkPeers(Map<String, EntryFacts> entries) {
        Map<String, Set<String>> byInode = new TreeMap<>();
        entries.forEach((path, facts) -> {
            if (facts.type() != EntryType.DIRECTORY) {
                byInode.computeIfAbsent(facts.inode(), k -> new TreeSet<>()).add(path);
            }
        });
        Map<String, Set<String>> peers = new TreeMap<>();
        for (Set<String> group : byInode.values()) {
            if (group.size() > 1) {
                for (String path : group) {
                    Set<String> others = new TreeSet<>(group);
                    others.remove(path);
                    peers.put(path, others);
                }
            }
        }
        return peers;
    }
}
