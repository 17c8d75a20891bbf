package org.btrfssendbackup.core.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageClassesTest {

    @TempDir
    Path dir;

    @Test
    void loadsEveryClassOfThePackageFromAClassDirectoryButNotItsSubPackages() throws Exception {
        List<String> loaded = PackageClasses.load(TrainingRun.class);
        assertThat(loaded).contains(TrainingRun.class.getName(), PackageClasses.class.getName(),
                TrainingRun.Body.class.getName());
        assertThat(loaded).allMatch(name -> name.startsWith("org.btrfssendbackup.core.cds.")
                && !name.substring("org.btrfssendbackup.core.cds.".length()).contains("."));
    }

    @Test
    void loadsFromAJarWithoutInitializingAndSkipsWhatCannotLoad() throws Exception {
        Path classes = Path.of(TrainingRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("cds.jar");
        String prefix = "org/btrfssendbackup/core/cds/";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> members = Files.list(classes.resolve(prefix))) {
            for (Path member : members.toList()) {
                out.putNextEntry(new JarEntry(prefix + member.getFileName()));
                out.write(Files.readAllBytes(member));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(prefix + "Broken.class")); // not a class file
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
            out.putNextEntry(new JarEntry(prefix + "notes.txt"));
            out.closeEntry();
        }
        // a loader of its own over the jar alone: the package's classes are found there first
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                TrainingRun.class.getClassLoader().getParent())) {
            Class<?> anchor = Class.forName(PackageClasses.class.getName(), false, loader);
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) anchor.getMethod("load", Class.class).invoke(null, anchor);
            assertThat(loaded).contains(PackageClasses.class.getName())
                    .doesNotContain("org.btrfssendbackup.core.cds.Broken", "org.btrfssendbackup.core.cds.notes");
        }
    }
}
