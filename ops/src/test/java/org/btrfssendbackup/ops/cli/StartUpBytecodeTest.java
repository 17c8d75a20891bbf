package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.btrfssendbackup.core.layout.BackupSetName;
import org.junit.jupiter.api.Test;

/**
 * The project's bytecode spins no method handle classes where a cold console would pay for them
 * (docs/architecture.md, "Fast restore (start-up)"). A JVM builds a class at run time, outside
 * the class data archive, for each shape of an invokedynamic string concatenation
 * ({@code StringConcatFactory}) and for a record's generated equals, hashCode and toString
 * ({@code ObjectMethods}) at their first call: together about 50 of a tiny restore's 60 such
 * classes, some 50 ms of a cold start. The build compiles with {@code -XDstringConcat=inline};
 * the records a restore compares or hashes write equals and hashCode by hand.
 */
class StartUpBytecodeTest {
    private static final String OWN_PACKAGE = "org/btrfssendbackup/";
    private static final String CONCAT_BOOTSTRAP = "makeConcatWithConstants";

    /** Records a restore hashes or compares (the listing's sets, the key cache's parameters). */
    private static final List<String> RECORDS_COMPARED_BY_RESTORE = List.of(
            BackupSetName.class.getName(),
            "org.btrfssendbackup.core.crypto.FastDecryption$S2kParameters");

    @Test
    void noProjectClassConcatenatesStringsThroughInvokedynamic() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (ClassFile file : projectClasses()) {
            scanned++;
            if (file.mentions(CONCAT_BOOTSTRAP)) {
                offenders.add(file.name());
            }
        }
        // core, messages, broker and ops are on this class path: hundreds of classes, not an empty scan
        assertThat(scanned).isGreaterThan(300);
        assertThat(offenders).as("compiled without -XDstringConcat=inline").isEmpty();
    }

    @Test
    void theRecordsARestoreComparesDoNotBootstrapEqualsOrHashCode() throws IOException {
        List<String> checked = new ArrayList<>();
        for (ClassFile file : projectClasses()) {
            String name = file.name().replaceAll("\\.class$", "").replace('/', '.');
            if (RECORDS_COMPARED_BY_RESTORE.contains(name)) {
                checked.add(name);
                // toString may still bootstrap (error messages call it); equals and hashCode may not
                assertThat(invokedynamicCalls(file)).as(name).noneMatch(call -> call.contains(":equals:")
                        || call.contains(":hashCode:"));
            }
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(RECORDS_COMPARED_BY_RESTORE);
    }

    @Test
    void javapShowsTheBootstrapOfAGeneratedHashCode() throws IOException {
        // the control: a record with generated methods, as javac compiles it for this project
        ClassFile plain = projectClasses().stream()
                .filter(file -> file.name().equals(OWN_PACKAGE + "core/layout/SnapshotName.class")).findFirst().orElseThrow();
        assertThat(invokedynamicCalls(plain)).anyMatch(call -> call.contains(":hashCode:"));
    }

    @Test
    void theScanSeesAnInvokedynamicConcatenationWhereThereIsOne() {
        // the control: javac's default output for "a" + x names the bootstrap in the constant pool
        byte[] constantPool = ("\u0001\u0000\u0017" + CONCAT_BOOTSTRAP).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new ClassFile("Example.class", constantPool).mentions(CONCAT_BOOTSTRAP)).isTrue();
        assertThat(new ClassFile("Example.class", "plain".getBytes(StandardCharsets.ISO_8859_1))
                .mentions(CONCAT_BOOTSTRAP)).isFalse();
    }

    /** One class file's bytes; the constant pool holds every name the bytecode refers to. */
    private record ClassFile(String name, byte[] bytes) {
        boolean mentions(String utf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(utf8);
        }
    }

    /** javap's lines for the class's invokedynamic calls, e.g. "invokedynamic #12, 0 // InvokeDynamic #0:hashCode:(...)I". */
    private static List<String> invokedynamicCalls(ClassFile file) throws IOException {
        Path classFile = Files.createTempFile("start-up-bytecode", ".class");
        try {
            Files.write(classFile, file.bytes());
            StringWriter out = new StringWriter();
            int status = ToolProvider.findFirst("javap").orElseThrow()
                    .run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", classFile.toString());
            assertThat(status).as("javap " + file.name() + ": " + out).isZero();
            return out.toString().lines().filter(line -> line.contains("InvokeDynamic")).toList();
        } finally {
            Files.delete(classFile);
        }
    }

    private static List<ClassFile> projectClasses() throws IOException {
        List<ClassFile> classes = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path) && path.endsWith("classes") && !path.endsWith("test-classes")) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = path.relativize(file).toString().replace(File.separatorChar, '/');
                        if (name.startsWith(OWN_PACKAGE)) {
                            classes.add(new ClassFile(name, Files.readAllBytes(file)));
                        }
                    }
                }
            } else if (entry.endsWith(".jar") && Path.of(entry).getFileName().toString().matches(
                    "(core|messages|broker|ops)-[0-9].*\\.jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    for (JarEntry jarEntry : jar.stream().toList()) {
                        if (jarEntry.getName().startsWith(OWN_PACKAGE) && jarEntry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(jarEntry)) {
                                classes.add(new ClassFile(jarEntry.getName(), in.readAllBytes()));
                            }
                        }
                    }
                }
            }
        }
        return classes;
    }
}
