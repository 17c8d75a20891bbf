package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.SECRET;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.encrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.random;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that takes the fast path loads no Bouncy Castle class: its jars are signed, so the
 * first class from them costs the JVM the check of the jar signatures (~150 ms of a restore's
 * start-up), and none of them is in the class data archive. Checked in a child JVM with
 * {@code -Xlog:class+load}, running {@link DecryptFilesMain} as the restore decodes; the
 * fallback (gpg's default, compressed) still decrypts there, with Bouncy Castle.
 */
class FastPathClassLoadingTest {
    private static final String BOUNCY_CASTLE = " org.bouncycastle.";

    @TempDir
    Path dir;
    Path passphraseFile;
    GpgCli gpg;

    @BeforeEach
    void setUp() throws IOException {
        gpg = new GpgCli(dir);
        passphraseFile = GpgCli.passphraseFile(dir, "passphrase", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oursAndUncompressedGpgStreamsLoadNoBouncyCastleClass() throws Exception {
        byte[] plain = random(100_000);
        Path ours = dir.resolve("ours.gpg");
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            Files.write(ours, encrypt(plain, passphrase));
        }
        Path gpgs = dir.resolve("gpg-z0.gpg");
        Files.write(gpgs, gpg.symmetric(passphraseFile, plain, "--compress-algo", "none"));

        Decoded decoded = decodeInChildJvm(List.of(ours, gpgs), List.of());

        assertThat(decoded.lines()).containsExactly(expected(plain), expected(plain));
        assertThat(decoded.loaded(" " + SeipdV1InputStream.class.getName() + " ")).hasSize(1);
        assertThat(decoded.loaded(BOUNCY_CASTLE)).isEmpty();
    }

    /**
     * As the console runs: from a class data archive that also holds the fallback's classes of
     * ours (the JVM that wrote it decrypted a compressed stream too). An archived class's recorded
     * verification constraints are checked as it loads, so a fast-path class whose verification
     * needed a Bouncy Castle type would load one here. The archive needs jars on the class path
     * (it refuses directories), so ours are packed into one first.
     */
    @Test
    void fromAClassDataArchiveTheFastPathLoadsNoBouncyCastleClassEither() throws Exception {
        byte[] plain = random(50_000);
        Path ours = dir.resolve("ours.gpg");
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            Files.write(ours, encrypt(plain, passphrase));
        }
        Path zlib = dir.resolve("gpg-zlib.gpg");
        Files.write(zlib, gpg.symmetric(passphraseFile, plain, "--compress-algo", "zlib"));
        String classPath = classPathOfJars();
        Path archive = dir.resolve("decode.jsa");
        Decoded training = decodeInChildJvm(List.of(ours, zlib), classPath, List.of("-XX:ArchiveClassesAtExit=" + archive));
        assertThat(training.loaded(" " + BouncyCastleDecryption.class.getName() + " ")).hasSize(1);
        assertThat(archive).isNotEmptyFile();

        Decoded decoded = decodeInChildJvm(List.of(ours), classPath, List.of("-XX:SharedArchiveFile=" + archive));

        assertThat(decoded.lines()).containsExactly(expected(plain));
        assertThat(decoded.loaded(" " + SeipdV1InputStream.class.getName() + " source: shared objects file"))
                .hasSize(1);
        assertThat(decoded.loaded(BOUNCY_CASTLE)).isEmpty();
    }

    /** The test class path with its directories (main and test classes) packed into one jar. */
    private String classPathOfJars() throws IOException {
        Path jar = dir.resolve("classes.jar");
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (!Files.isDirectory(path)) {
                    entries.add(entry);
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String name = path.relativize(file).toString().replace(File.separatorChar, '/');
                        if (seen.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(file, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void aCompressedGpgStreamStillDecryptsWithBouncyCastle() throws Exception {
        byte[] plain = "compressible text\n".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        Path zlib = dir.resolve("gpg-zlib.gpg");
        Files.write(zlib, gpg.symmetric(passphraseFile, plain, "--compress-algo", "zlib"));

        Decoded decoded = decodeInChildJvm(List.of(zlib), List.of());

        assertThat(decoded.lines()).containsExactly(expected(plain));
        // the control: the log would show Bouncy Castle's classes, so the test above can fail
        assertThat(decoded.loaded(BOUNCY_CASTLE)).isNotEmpty();
    }

    private record Decoded(List<String> lines, List<String> loadedClasses) {
        List<String> loaded(String fragment) {
            return loadedClasses.stream().filter(line -> line.contains(fragment)).toList();
        }
    }

    private Decoded decodeInChildJvm(List<Path> files, List<String> jvmOptions) throws IOException {
        return decodeInChildJvm(files, System.getProperty("java.class.path"), jvmOptions);
    }

    private Decoded decodeInChildJvm(List<Path> files, String classPath, List<String> jvmOptions) throws IOException {
        Path log = dir.resolve("class-load-" + System.nanoTime() + ".log");
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable", // the archive's warnings (signed jars are skipped) would go to stdout
                "-Xlog:class+load=info:file=" + log));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", classPath,
                DecryptFilesMain.class.getName(), passphraseFile.toString()));
        files.forEach(f -> argv.add(f.toString()));
        CommandResult result = new LocalProcessRunner().run(CommandLine.of(argv)
                .describedAs("decode streams in a child JVM").withTimeout(Duration.ofSeconds(60)));
        String stdout = new String(result.stdout(), StandardCharsets.UTF_8);
        return new Decoded(stdout.lines().toList(), Files.readAllLines(log));
    }

    private static String expected(byte[] plain) throws Exception {
        return plain.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain));
    }
}
