package org.btrfssendbackup.core.cds;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.stream.StreamEncoder;

/**
 * What the agents' class data training runs share. ops/install.sh starts each program's
 * training main once in a JVM with {@code -XX:ArchiveClassesAtExit=LIB/NAME.jsa}; the JVM
 * writes every class the run loaded into that archive, and the program's wrapper maps it on
 * every later start, which then skips reading, parsing and verifying those classes from the
 * jars. A training run therefore goes through the code a real run loads, as far as that needs
 * no root, btrfs, ssh or network: anything it misses is only loaded the slow way later.
 * It works in a temporary directory that it always removes.
 */
public final class TrainingRun {

    /** Enough stream to load every class of the stream path (JIT work is not archived anyway). */
    public static final int STREAM_BYTES = 4 << 20;

    private TrainingRun() {
    }

    /** A step of a training run, in the directory the run removes afterwards. */
    @FunctionalInterface
    public interface Body {
        void run(Path directory) throws Exception;
    }

    /** Runs {@code body} in a new temporary directory and removes the directory whatever happened. */
    public static void inTemporaryDirectory(String program, Body body) throws Exception {
        Path directory = Files.createTempDirectory(program + "-class-data-");
        try {
            body.run(directory);
        } finally {
            FileTrees.deleteTree(directory);
        }
    }

    /**
     * {@code bytes} of data shaped like a send stream's payload: a random half (encrypted or
     * compressed files) and a text half, so zstd goes through both its paths. Seeded: every
     * training run is the same.
     */
    public static byte[] sendStreamLike(int bytes) {
        byte[] data = new byte[bytes];
        new Random(0x5eed).nextBytes(data);
        byte[] text = "backup line of text that compresses well, like logs and configuration files\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = bytes / 2; i < bytes; i++) {
            data[i] = text[i % text.length];
        }
        return data;
    }

    /** A training stream as the producer uploads it: zstd, then OpenPGP with {@code passphrase}. */
    public static byte[] encrypted(byte[] plain, char[] passphrase) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream(plain.length);
        try (Passphrase secret = Passphrase.ofChars(passphrase);
             InputStream in = new ByteArrayInputStream(plain)) {
            new StreamEncoder(secret, Compression.ZSTD).encode(in, stored);
        }
        return stored.toByteArray();
    }

    /** The class only the broker's server side has; a class path without it is a client's. */
    static final String SERVER_CLASS = "org.apache.activemq.artemis.core.server.ActiveMQServer";
    static final String TRAINING_BROKER = "org.btrfssendbackup.broker.TrainingBroker";

    /**
     * Starts a broker for a client program's training run (broker module's TrainingBroker): on
     * 127.0.0.1:{@code port}, with the standard users whose passwords are in {@code passwordDirectory}.
     * When this class path lacks the broker's server side (the console and the receiver run
     * without it, docs/architecture.md), the broker runs in a class loader of its own over every
     * jar of {@code jarDirectory}, so the archive gets only the classes the program itself loads
     * (and the archive's class path stays the program's).
     */
    public static AutoCloseable startBroker(Path jarDirectory, Path dataDirectory, Path passwordDirectory, int port)
            throws Exception {
        ClassLoader loader = TrainingRun.class.getClassLoader();
        if (!onClassPath(SERVER_CLASS, loader)) {
            loader = new URLClassLoader("training-broker", jarUrls(jarDirectory), ClassLoader.getPlatformClassLoader());
        }
        try {
            return (AutoCloseable) Class.forName(TRAINING_BROKER, true, loader)
                    .getMethod("start", Path.class, Path.class, int.class)
                    .invoke(null, dataDirectory, passwordDirectory, port);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The directory of the jar this class came from: the program's jar directory once installed. */
    public static Path ownJarDirectory() throws Exception {
        return Path.of(TrainingRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    static boolean onClassPath(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static URL[] jarUrls(Path directory) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IOException("class data training: jar " + jar + ": " + e.getMessage(), e);
                }
            }
        }
        if (urls.isEmpty()) {
            throw new IOException("class data training: no jars in " + directory + " to start a broker from");
        }
        return urls.toArray(URL[]::new);
    }

    /** A print stream that drops everything: training output is of no use to anyone. */
    public static PrintStream discarding() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** A training step that did not do what a real run would is a bug: the archive would miss its classes. */
    public static void check(boolean ok, String program, String what) {
        if (!ok) {
            throw new IllegalStateException(program + " class data training: " + what);
        }
    }
}
