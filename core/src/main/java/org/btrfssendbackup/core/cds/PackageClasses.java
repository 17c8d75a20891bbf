package org.btrfssendbackup.core.cds;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads, without initializing, every class of one package from the jar (or class directory) a
 * given class came from. For the training runs of code they cannot run: a restore needs root,
 * btrfs and a real stream, so the console's training loads the restore's classes by name and
 * the class data archive holds them all the same (the JVM links what was loaded before it dumps).
 */
public final class PackageClasses {

    private PackageClasses() {
    }

    /**
     * @return the names of the classes loaded; those that cannot be loaded on this class path (a
     *         missing optional dependency) are left out, not an error: the archive just lacks them
     */
    public static List<String> load(Class<?> anchor) throws IOException {
        String packageName = anchor.getPackageName();
        String prefix = packageName.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        for (String entry : entries(codeSource(anchor), prefix)) {
            String relative = entry.substring(prefix.length());
            if (relative.contains("/") || !relative.endsWith(".class") || relative.equals("package-info.class")) {
                continue; // a sub-package, a resource
            }
            String name = packageName + "." + relative.substring(0, relative.length() - ".class".length());
            try {
                Class.forName(name, false, anchor.getClassLoader());
                names.add(name);
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here: the program would not load it either
            }
        }
        return names;
    }

    private static Path codeSource(Class<?> anchor) throws IOException {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("class data training: cannot tell where " + anchor.getName() + " was loaded from", e);
        }
    }

    private static List<String> entries(Path source, String prefix) throws IOException {
        if (Files.isDirectory(source)) {
            Path dir = source.resolve(prefix);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(f -> prefix + f.getFileName()).sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            return jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }
}
