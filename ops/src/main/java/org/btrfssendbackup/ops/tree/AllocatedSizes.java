package org.btrfssendbackup.ops.tree;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessRunner;

/**
 * Allocated bytes of every regular file in a tree. Java's "unix:" attributes have no st_blocks,
 * so one {@code find -printf '%P\0%b\0'} per tree asks for all of them at once; NUL separators
 * keep any file name intact.
 */
final class AllocatedSizes {

    private static final int BLOCK_BYTES = 512; // find's %b unit

    private AllocatedSizes() {
    }

    static Map<String, Long> read(ProcessRunner runner, Path root) {
        CommandLine find = CommandLine.of("find", root.toAbsolutePath().toString(), "-type", "f", "-printf", "%P\\0%b\\0")
                .describedAs("read allocated sizes below " + root);
        String[] fields = runner.run(find).stdoutText().split("\0", -1);
        Map<String, Long> sizes = new HashMap<>();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            sizes.put(fields[i], Long.parseLong(fields[i + 1]) * BLOCK_BYTES);
        }
        return sizes;
    }
}
