package org.btrfssendbackup.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of a set directory, and the one discovery of sets, on real directories. */
class SetDirectoryListingTest {

    private static final String S1 = "prod-rootfs-20260301T020500Z";
    private static final String S2 = "prod-rootfs-20260302T020500Z";

    @TempDir
    Path root;

    @Test
    void everyEntryHasOneRoleAndTheLockAndSubdirectoriesHaveNone() throws IOException {
        Path set = Files.createDirectories(root.resolve("prod/rootfs"));
        for (String name : List.of(S2 + ".incr.btrfs.gpg", S1 + ".full.btrfs.gpg", S1 + ".manifest", S2 + ".manifest",
                "." + S2 + ".incr.btrfs.gpg.partial-abc123", "." + S1 + ".manifest.pruning", "README.txt",
                "not-a-snapshot.full.btrfs.gpg", "also-not.manifest", StoreLayout.UPLOAD_LOCK_FILE)) {
            Files.writeString(set.resolve(name), "x");
        }
        Files.createSymbolicLink(set.resolve("link.manifest"), set.resolve(S1 + ".manifest"));
        Files.createDirectory(set.resolve("nested"));

        SetDirectoryListing listing = SetDirectoryListing.of(set);

        assertThat(names(listing.streams())).containsExactly(S1 + ".full.btrfs.gpg", S2 + ".incr.btrfs.gpg");
        assertThat(listing.streamFiles()).extracting(f -> f.snapshot().value()).containsExactly(S1, S2);
        assertThat(names(listing.manifests())).containsExactly(S1 + ".manifest", S2 + ".manifest");
        assertThat(names(listing.temporaries())).containsExactly("." + S2 + ".incr.btrfs.gpg.partial-abc123");
        assertThat(names(listing.pruningIntents())).containsExactly("." + S1 + ".manifest.pruning");
        assertThat(names(listing.others())).containsExactly("README.txt", "also-not.manifest", "not-a-snapshot.full.btrfs.gpg");
        assertThat(names(listing.irregular())).containsExactly("link.manifest");
        assertThat(SetDirectoryListing.of(root.resolve("missing")).streams()).isEmpty();
    }

    @Test
    void setsAreValidlyNamedDirectoriesUpToThreeDeepHoldingSetFilesAndNeverHiddenOnes() throws IOException {
        Files.createDirectories(root.resolve("a/b/c/d"));
        Files.writeString(root.resolve("a/b/" + S1 + ".manifest"), "x");
        Files.writeString(root.resolve("a/b/c/d/" + S1 + ".manifest"), "x"); // four levels: not a set
        Files.createDirectories(root.resolve("web"));
        Files.writeString(root.resolve("web/." + S1 + ".full.btrfs.gpg.partial-x1"), "x"); // an upload's temporary
        Files.createDirectories(root.resolve(".integrity/web"));
        Files.writeString(root.resolve(".integrity/web/" + S1 + ".manifest"), "x");
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("linked"), root.resolve("web"));

        assertThat(StoredSets.under(new StoreLayout(root))).extracting(BackupSetName::value).containsExactly("a/b", "web");
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}
