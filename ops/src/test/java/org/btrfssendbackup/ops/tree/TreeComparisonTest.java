package org.btrfssendbackup.ops.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.ops.tree.TreeDifference.Aspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of difference on plain temporary directories: built twice, then one side changed. */
class TreeComparisonTest {

    @TempDir
    Path tmp;

    private final TreeComparison comparison = new TreeComparison();

    interface Change {
        void apply(Path tree) throws IOException;
    }

    @Test
    void twoTreesBuiltAlikeAreIdentical() throws IOException {
        assertThat(comparison.compare(build(tmp.resolve("a")), build(tmp.resolve("b")))).isEmpty();
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("content", Aspect.CONTENT, "docs/a.txt",
                        (Change) t -> Files.writeString(t.resolve("docs/a.txt"), "hellO\n")),
                Arguments.of("length", Aspect.CONTENT, "docs/a.txt",
                        (Change) t -> Files.writeString(t.resolve("docs/a.txt"), "hello again\n")),
                Arguments.of("mode", Aspect.MODE, "docs/a.txt",
                        (Change) t -> Files.setPosixFilePermissions(t.resolve("docs/a.txt"),
                                PosixFilePermissions.fromString("rw-r--r--"))),
                Arguments.of("directory mode", Aspect.MODE, "docs",
                        (Change) t -> Files.setPosixFilePermissions(t.resolve("docs"),
                                PosixFilePermissions.fromString("rwxr-xr-x"))),
                Arguments.of("xattr value", Aspect.XATTR, "docs/a.txt",
                        (Change) t -> setXattr(t.resolve("docs/a.txt"), "note", "other")),
                Arguments.of("xattr on a directory", Aspect.XATTR, "empty",
                        (Change) t -> setXattr(t.resolve("empty"), "extra", "1")),
                Arguments.of("hard link broken", Aspect.HARD_LINKS, "docs/a-link",
                        (Change) t -> {
                            Files.delete(t.resolve("docs/a-link"));
                            Files.copy(t.resolve("docs/a.txt"), t.resolve("docs/a-link"),
                                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                            setXattr(t.resolve("docs/a-link"), "note", "x");
                        }),
                Arguments.of("hole filled", Aspect.SPARSENESS, "big.sparse",
                        (Change) t -> {
                            byte[] dense = new byte[(int) Files.size(t.resolve("big.sparse"))];
                            System.arraycopy("end".getBytes(StandardCharsets.US_ASCII), 0, dense, dense.length - 3, 3);
                            Files.write(t.resolve("big.sparse"), dense);
                        }),
                Arguments.of("symlink target", Aspect.SYMLINK_TARGET, "link",
                        (Change) t -> {
                            Files.delete(t.resolve("link"));
                            Files.createSymbolicLink(t.resolve("link"), Path.of("docs/../docs/a.txt"));
                        }),
                Arguments.of("empty directory removed", Aspect.MISSING, "empty",
                        (Change) t -> Files.delete(t.resolve("empty"))),
                Arguments.of("extra file", Aspect.EXTRA, "docs/new",
                        (Change) t -> Files.writeString(t.resolve("docs/new"), "")),
                Arguments.of("link became a file", Aspect.TYPE, "link",
                        (Change) t -> {
                            Files.delete(t.resolve("link"));
                            Files.writeString(t.resolve("link"), "docs/a.txt");
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void detectsEachKindOfDifference(String name, Aspect aspect, String path, Change change) throws IOException {
        Path expected = build(tmp.resolve("a"));
        Path actual = build(tmp.resolve("b"));
        change.apply(actual);

        List<TreeDifference> differences = comparison.compare(expected, actual);

        assertThat(differences).as(name).isNotEmpty()
                .anySatisfy(d -> assertThat(d.path()).isEqualTo(path))
                .allSatisfy(d -> assertThat(d.aspect()).isEqualTo(aspect));
    }

    @Test
    void detectsOwnerAndGroup() throws IOException {
        SystemTests.assumeRoot();
        Path expected = build(tmp.resolve("a"));
        Path actual = build(tmp.resolve("b"));
        Files.setAttribute(actual.resolve("docs/a.txt"), "unix:uid", 4321);
        Files.setAttribute(actual.resolve("link"), "unix:gid", 8765, LinkOption.NOFOLLOW_LINKS);

        assertThat(comparison.compare(expected, actual)).extracting(TreeDifference::toString).containsExactlyInAnyOrder(
                "docs/a-link: owner differs: expected uid 1234, actual uid 4321",
                "docs/a.txt: owner differs: expected uid 1234, actual uid 4321",
                "link: group differs: expected gid 0, actual gid 8765");
    }

    /** A small tree with one of everything the comparison looks at. */
    static Path build(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("empty"));
        Path a = root.resolve("docs/a.txt");
        Files.writeString(a, "hello\n");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r-----"));
        setXattr(a, "note", "x");
        Files.createLink(root.resolve("docs/a-link"), a);
        Files.createSymbolicLink(root.resolve("link"), Path.of("docs/a.txt"));
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("big.sparse").toFile(), "rw")) {
            sparse.setLength(1024 * 1024 - 3);
            sparse.seek(1024 * 1024 - 3);
            sparse.write("end".getBytes(StandardCharsets.US_ASCII));
        }
        Files.setPosixFilePermissions(root.resolve("docs"), PosixFilePermissions.fromString("rwxr-x---"));
        if (SystemTests.isRoot()) {
            Files.setAttribute(a, "unix:uid", 1234);
            Files.setAttribute(a, "unix:gid", 5678);
            Files.setAttribute(root.resolve("link"), "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        }
        return root;
    }

    static void setXattr(Path file, String name, String value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }
}
