package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;

/**
 * Not a test: prints MB/s (of plain input), CPU seconds, stored bytes, peak heap and garbage
 * collections for the producer's encryption path
 * and its alternatives, on the same generated data, in one run (figures vary by tens of percent
 * between runs on shared machines: compare the ratios). Run with -Xmx64m; see
 * ops/bench/crypto-throughput.sh. Argument: size in MiB (default 1024).
 */
public final class CryptoThroughputBenchmark {
    private static final String SECRET = "benchmark passphrase, not a secret";

    private CryptoThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024L) << 20;
        Path dir = Files.createTempDirectory("crypto-bench");
        Path passphraseFile = GpgCli.passphraseFile(dir, "passphrase", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        Path gnupg = Files.createDirectory(dir.resolve("gnupg"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        System.out.printf("data: %d MiB, half random / half text; heap max %d MiB; %d cores%n",
                size >> 20, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-52s %9s %9s %14s %9s %11s%n", "variant", "MB/s", "CPU s", "stored bytes",
                "heap MiB", "GCs (ms)");
        measure("generator alone (the input's own cost)", size, () -> new BenchmarkData(size).transferTo(OutputStream.nullOutputStream()));
        try (Passphrase passphrase = Passphrase.fromFile(passphraseFile)) {
            measure("BC straightforward (JCE, 64 KiB packets)", size, () -> bcStraightforward(size, passphrase));
            measure("ours: OpenPgpEncryptor, one thread, + SHA-256", size, () -> oursOneThread(size, passphrase));
            measure("ours: StreamEncoder NONE", size, () -> ours(size, passphrase, Compression.NONE));
            measure("ours: StreamEncoder ZSTD", size, () -> ours(size, passphrase, Compression.ZSTD));
        }
        String gpg = "gpg --homedir " + gnupg + " --batch --no-tty --pinentry-mode loopback --passphrase-file "
                + passphraseFile + " --symmetric";
        measure("gpg --symmetric (defaults, seed)", size, () -> piped(size, gpg));
        measure("zstd -3 -T0 | gpg --compress-algo none (tuned)", size,
                () -> piped(size, "zstd -q -3 -T0 -c | " + gpg + " --compress-algo none"));
        System.out.printf("heap: every variant ran within -Xmx %d MiB (heap MiB: sum of the heap pools' peaks,"
                + " garbage included)%n", Runtime.getRuntime().maxMemory() >> 20);
        FileTrees.deleteTree(dir);
    }

    interface Variant {
        long run() throws Exception;
    }

    /**
     * Prints wall-clock MB/s and CPU seconds (this JVM plus the pipeline's child processes):
     * on a loaded machine the wall figure mostly measures the neighbours, the CPU one does not.
     */
    private static void measure(String name, long size, Variant variant) throws Exception {
        childCpuNanos = 0;
        System.gc(); // start each variant from the same live heap
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcsBefore = gcCount();
        long gcMillisBefore = gcMillis();
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        long stored = variant.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (PROCESS.getProcessCpuTime() - cpuStart + childCpuNanos) / 1e9;
        System.out.printf("%-52s %9.1f %9.2f %14d %9d %11s%n", name, size / 1e6 / seconds, cpu, stored,
                peakHeapBytes() >> 20, (gcCount() - gcsBefore) + " (" + (gcMillis() - gcMillisBefore) + ")");
    }

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static long childCpuNanos;

    private static long ours(long size, Passphrase passphrase, Compression compression) throws IOException {
        EncodedStream result = new StreamEncoder(passphrase, compression)
                .encode(new BenchmarkData(size), OutputStream.nullOutputStream());
        return result.storedBytes();
    }

    /** The same work as {@link #bcStraightforward} with our writer: isolates the writer's cost. */
    private static long oursOneThread(long size, Passphrase passphrase) throws IOException {
        var hashed = new org.btrfssendbackup.core.stream.CountingHashingOutputStream(OutputStream.nullOutputStream());
        try (OutputStream out = OpenPgpEncryptor.open(hashed, passphrase)) {
            new BenchmarkData(size).transferTo(out);
        }
        hashed.sha256Hex();
        return hashed.bytes();
    }

    /** What the BC examples do: JCE builder, BC's own SHA-1 MDC, 64 KiB buffers, then SHA-256. */
    private static long bcStraightforward(long size, Passphrase passphrase) throws Exception {
        var hashed = new org.btrfssendbackup.core.stream.CountingHashingOutputStream(OutputStream.nullOutputStream());
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(PGPEncryptedData.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()));
        generator.addMethod(new JcePBEKeyEncryptionMethodGenerator(passphrase.chars()));
        OutputStream encrypted = generator.open(hashed, new byte[1 << 16]);
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        try (OutputStream out = literal.open(encrypted, PGPLiteralData.BINARY, "", new Date(), new byte[1 << 16])) {
            new BenchmarkData(size).transferTo(out);
        }
        generator.close();
        hashed.sha256Hex();
        return hashed.bytes();
    }

    /** Feeds the data to a shell pipeline and counts its output, as the producer would read it. */
    private static long piped(long size, String pipeline) throws Exception {
        Path times = Files.createTempFile("bench-times", ".txt");
        // The shell's `times` reports the user and system CPU of the children it waited for.
        Process process = new ProcessBuilder(List.of("sh", "-c", "{ " + pipeline + "; } && times > " + times))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Long> stored = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = process.getInputStream()) {
                return out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream in = process.getOutputStream()) {
            new BenchmarkData(size).transferTo(in);
        }
        if (process.waitFor() != 0) {
            throw new IOException("pipeline failed: " + pipeline);
        }
        childCpuNanos = childCpu(Files.readAllLines(times).get(1));
        Files.delete(times);
        return stored.join();
    }

    /** Parses the children line of `times`, e.g. "0m12.340s 0m1.020s". */
    private static long childCpu(String line) {
        long nanos = 0;
        for (String field : line.trim().split("\\s+")) {
            String[] parts = field.replace("s", "").split("m");
            nanos += (long) ((Long.parseLong(parts[0]) * 60 + Double.parseDouble(parts[1])) * 1e9);
        }
        return nanos;
    }

    /**
     * Sum of every heap pool's peak since the variant started: an upper bound of the heap it
     * used at any moment, garbage included (the pools peak at different times).
     */
    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
