package org.btrfssendbackup.ops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.ops.cli.OpsMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} without the passphrase hashes as soon as it can: before its first byte is
 * hashed it sets up no logging (a process runner's, 0.1 s of a cold JVM), no JCE (the
 * warm-up compiles SHA-256 only) and, printing lines, no Jackson after it. Checked in a child
 * JVM started as the console's {@code main} is, with {@code -Xlog:class+load}.
 */
class VerifyStartClassLoadingTest {
    private static final String SET = "prod-srv/rootfs";
    private static final String SNAPSHOT = "prod-srv-rootfs-20260131T020500Z";

    @TempDir
    Path tmp;

    @Test
    void verifyWithoutPassphraseLoadsNoLoggingNoJceAndNoJackson() throws Exception {
        Path root = storeOfOneStream();
        Started verify = inChildJvm(root, List.of());
        assertThat(verify.result().stdoutText()).contains(SET + ": OK: 1 stream files", "1 checked");
        assertThat(verify.loaded(" org.btrfssendbackup.ops.restore.ReadAhead ")).isTrue(); // it hashed
        assertThat(verify.loaded(" org.slf4j.LoggerFactory ")).isFalse();
        assertThat(verify.loaded(" javax.crypto.Cipher ")).isFalse();
        assertThat(verify.loaded(" com.fasterxml.jackson.databind.ObjectMapper ")).isFalse();
    }

    /** The control: the log does show Jackson when it is needed, so the test above can fail. */
    @Test
    void verifyJsonStillLoadsJackson() throws Exception {
        Started verify = inChildJvm(storeOfOneStream(), List.of("--json"));
        assertThat(verify.result().stdoutText()).contains("\"status\"");
        assertThat(verify.loaded(" com.fasterxml.jackson.databind.ObjectMapper ")).isTrue();
    }

    private record Started(CommandResult result, List<String> classLoads) {
        boolean loaded(String name) {
            return classLoads.stream().anyMatch(line -> line.contains(name));
        }
    }

    private Started inChildJvm(Path root, List<String> options) throws IOException {
        Path log = tmp.resolve("class-load-" + System.nanoTime() + ".log");
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable", "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), OpsMain.class.getName()));
        argv.addAll(options);
        argv.addAll(List.of("verify", "--backup-root", root.toString(), "--set", SET));
        CommandResult result = new LocalProcessRunner().run(CommandLine.of(argv)
                .describedAs("verify in a child JVM").withTimeout(Duration.ofSeconds(60)));
        return new Started(result, Files.readAllLines(log));
    }

    /** One 4 MiB stream file and its manifest: more than one read-ahead buffer. */
    private Path storeOfOneStream() throws Exception {
        Path root = tmp.resolve("store-" + System.nanoTime());
        Path set = Files.createDirectories(root.resolve(SET));
        byte[] stream = new byte[4 << 20];
        new Random(18).nextBytes(stream);
        String file = SNAPSHOT + ".full.btrfs.gpg";
        Files.write(set.resolve(file), stream);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stream));
        Files.writeString(set.resolve(SNAPSHOT + ".manifest"), String.join("\n",
                "format_version=1", "set=" + SET, "snapshot=" + SNAPSHOT, "kind=full", "parent=",
                "stream_file=" + file, "bytes=" + stream.length, "sha256=" + sha256, "compression=zstd",
                "encryption=openpgp", "created=2026-01-31T02:05:00Z", ""), StandardCharsets.UTF_8);
        return root;
    }
}
