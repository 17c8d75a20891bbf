package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.SECRET;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.encrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.random;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
        Path log = dir.resolve("class-load-" + System.nanoTime() + ".log");
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"),
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
