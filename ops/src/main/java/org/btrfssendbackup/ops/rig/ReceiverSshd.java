package org.btrfssendbackup.ops.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.btrfssendbackup.core.lab.LoopbackSshd;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.receiver.ReceiverMain;

/**
 * backup-srv for system tests and the demo: a real sshd on 127.0.0.1 whose only key runs the
 * real receiver as its forced command, exactly as the seed's authorized_keys line does (minus
 * sudo: the tests already run as root). The receiver reads its settings from a config file
 * written here, the one source of its settings in production too.
 */
public final class ReceiverSshd {

    /** As ops/deploy/backup-srv/btrfs-backup-receive starts it (ReceiverSshdTest checks they agree). */
    static final String RECEIVER_JVM_OPTIONS =
            "-Xmx64m -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr -Dbtrfs.log.level=WARN"
            + " -Dslf4j.provider=org.btrfssendbackup.core.logging.StderrLoggingProvider -Dslf4j.internal.verbosity=WARN";

    private ReceiverSshd() {
    }

    /** Starts sshd under {@code work/sshd} with a receiver storing into {@code backupRoot}. */
    public static LoopbackSshd start(Path work, Path backupRoot) throws IOException, InterruptedException {
        return start(work, backupRoot, List.of());
    }

    /**
     * As {@link #start(Path, Path)}, with more lines for the receiver's config file (e.g.
     * BROKER_URL, BROKER_USER and BROKER_PASSWORD_FILE, so it publishes StreamReceived).
     */
    public static LoopbackSshd start(Path work, Path backupRoot, List<String> moreConfigLines)
            throws IOException, InterruptedException {
        return start(work, backupRoot, moreConfigLines, System.getProperty("java.class.path"));
    }

    /**
     * As {@link #start(Path, Path, List)}, the receiver JVM on {@code classPath}: the benchmark
     * gives it the installed jars (ops/target/lib), so its start-up costs what production's does.
     */
    public static LoopbackSshd start(Path work, Path backupRoot, List<String> moreConfigLines, String classPath)
            throws IOException, InterruptedException {
        return start(work, backupRoot, moreConfigLines, classPath, Optional.empty());
    }

    /**
     * As {@link #start(Path, Path, List, String)}, mapping {@code classDataArchive} as the
     * installed wrapper maps LIB/receiver.jsa (the benchmark passes the one ops/install.sh trained
     * for the jars on {@code classPath}).
     */
    public static LoopbackSshd start(Path work, Path backupRoot, List<String> moreConfigLines, String classPath,
                                     Optional<Path> classDataArchive) throws IOException, InterruptedException {
        Path wrapper = writeReceiver(work, backupRoot, moreConfigLines, classPath, classDataArchive);
        return LoopbackSshd.start(Files.createDirectories(work.resolve("sshd")), wrapper + " \"$SSH_ORIGINAL_COMMAND\"");
    }

    /**
     * As {@link #start(Path, Path)}, with sshd's forced command being the script
     * {@code inFront.apply(receiverWrapper)} returns, called with the command as its one
     * argument: a test's stand-in in front of the real receiver (counting runs, playing an older one).
     */
    public static LoopbackSshd startBehind(Path work, Path backupRoot, Function<Path, Path> inFront)
            throws IOException, InterruptedException {
        Path wrapper = writeReceiver(work, backupRoot, List.of(), System.getProperty("java.class.path"), Optional.empty());
        return LoopbackSshd.start(Files.createDirectories(work.resolve("sshd")), inFront.apply(wrapper)
                + " \"$SSH_ORIGINAL_COMMAND\"");
    }

    /**
     * The receiver as installed: sshd's forced command runs {@code installedWrapper} (an
     * ops/install.sh staging install's sbin/btrfs-backup-receive), so it starts on the class path,
     * class data archive and JVM options the installed wrapper gives it, and nothing here can
     * drift from them (the restore benchmark). sshd clears the environment, so the forced command
     * exports what the wrapper reads: BTRFS_SEND_BACKUP_LIB ({@code lib}, where its jars, class
     * path list and archive are), BTRFS_BACKUP_RECEIVE_CONFIG (the config written here) and, when
     * this JVM's environment has it, JAVA_HOME (the java ops/install.sh trained the archive with).
     */
    public static LoopbackSshd startInstalled(Path work, Path backupRoot, List<String> moreConfigLines,
                                              Path installedWrapper, Path lib) throws IOException, InterruptedException {
        Path config = writeConfig(work, backupRoot, moreConfigLines);
        List<String> lines = new ArrayList<>(List.of("#!/bin/sh",
                "# sshd clears the environment: what the installed wrapper reads from it",
                "export BTRFS_SEND_BACKUP_LIB=" + CommandLine.shellQuoted(lib.toAbsolutePath().toString()),
                "export " + ReceiverMain.CONFIG_ENV + "=" + CommandLine.shellQuoted(config.toString())));
        Optional.ofNullable(System.getenv("JAVA_HOME")).filter(h -> !h.isEmpty())
                .ifPresent(home -> lines.add("export JAVA_HOME=" + CommandLine.shellQuoted(home)));
        lines.add("exec " + CommandLine.shellQuoted(installedWrapper.toAbsolutePath().toString()) + " \"$@\"");
        Path forced = work.resolve("btrfs-backup-receive-installed");
        Files.writeString(forced, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(forced, PosixFilePermissions.fromString("rwx------"));
        return LoopbackSshd.start(Files.createDirectories(work.resolve("sshd")), forced + " \"$SSH_ORIGINAL_COMMAND\"");
    }

    /**
     * As {@link #start(Path, Path, List)}, sshd started through {@code launcher} (e.g.
     * {@code ip netns exec NS}, so sshd and every receiver it runs live in backup-srv's network
     * namespace) and listening on {@code address} there.
     */
    public static LoopbackSshd startIn(List<String> launcher, String address, Path work, Path backupRoot,
                                       List<String> moreConfigLines) throws IOException, InterruptedException {
        Path wrapper = writeReceiver(work, backupRoot, moreConfigLines, System.getProperty("java.class.path"), Optional.empty());
        return LoopbackSshd.startAs(Files.createDirectories(work.resolve("sshd")), System.getProperty("user.name"),
                "command=\"" + wrapper + " \\\"$SSH_ORIGINAL_COMMAND\\\"\",restrict", List.of(), launcher, address);
    }

    /**
     * The receiver behind an sshd whose config ends with {@code sshdConfig} applied to the
     * receiver wrapper's path (so a shipped Match block can force it); the client key has the
     * forced command and {@code restrict} when {@code restrictedKey}, else no options at all.
     */
    public static LoopbackSshd startWithSshdConfig(Path work, Path backupRoot, Function<Path, List<String>> sshdConfig,
                                                   boolean restrictedKey) throws IOException, InterruptedException {
        Path wrapper = writeReceiver(work, backupRoot, List.of(), System.getProperty("java.class.path"), Optional.empty());
        String keyOptions = restrictedKey ? "command=\"" + wrapper + " \\\"$SSH_ORIGINAL_COMMAND\\\"\",restrict" : "";
        return LoopbackSshd.startWith(Files.createDirectories(work.resolve("sshd")), keyOptions, sshdConfig.apply(wrapper));
    }

    /** The receiver's config file (BACKUP_ROOT, then {@code moreConfigLines}), the one source of its settings. */
    private static Path writeConfig(Path work, Path backupRoot, List<String> moreConfigLines) throws IOException {
        Path config = work.resolve("btrfs-backup-receive.conf");
        StringBuilder lines = new StringBuilder("BACKUP_ROOT=" + backupRoot + "\n");
        moreConfigLines.forEach(line -> lines.append(line).append('\n'));
        Files.writeString(config, lines.toString());
        return config;
    }

    private static Path writeReceiver(Path work, Path backupRoot, List<String> moreConfigLines, String classPath,
                                      Optional<Path> classDataArchive) throws IOException {
        Path config = writeConfig(work, backupRoot, moreConfigLines);
        Path wrapper = work.resolve("btrfs-backup-receive");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(wrapper, String.join("\n",
                "#!/bin/sh",
                "umask 077",
                "export BTRFS_BACKUP_RECEIVE_CONFIG='" + config + "'",
                "exec '" + java + "' " + RECEIVER_JVM_OPTIONS + " -cp '" + classPath + "' "
                        + classDataArchive.map(a -> "-XX:SharedArchiveFile='" + a + "' ").orElse("")
                        + ReceiverMain.class.getName() + " \"$@\"",
                ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }
}
