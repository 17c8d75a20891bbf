package org.btrfssendbackup.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.CommandResult;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A QEMU virtual machine playing backup-srv, for what this machine's kernel cannot do: it has
 * no device-mapper, so {@code cryptsetup open} only works in the VM. The VM boots Debian's
 * kernel with a busybox initramfs (ops/vm/build.sh), runs this machine's own root read-only
 * over 9p with a tmpfs overlay (same java, cryptsetup, btrfs-progs, sshd), gets each disk
 * image as a virtio disk ({@code /dev/vda}, {@code /dev/vdb} ...), and answers ssh on
 * {@code 127.0.0.1:}{@link #sshPort()}. See ops/vm/README.md.
 *
 * <p>Everything written inside the VM outside the disks lives in its RAM and is gone after
 * {@link #close()}; the per-VM directory (the VM's {@code /vm}) and the disk images stay.
 */
public final class BackupSrvVm implements AutoCloseable {

    /** Sshd answers 10-30 s after QEMU starts on a busy 2-core machine without KVM. */
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(120);
    /** The first build downloads the kernel and may install QEMU. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    /** ssh itself failed (connection, authentication); a remote command's status is below. */
    private static final int SSH_FAILED = 255;
    private static final int BOOT_LOG_TAIL_LINES = 40;

    private final Path vmDir;
    private final int port;
    private final Process qemu;
    private final Thread killOnExit;
    private final ProcessRunner runner = new LocalProcessRunner();
    private Duration bootTime = Duration.ZERO;

    private BackupSrvVm(Path vmDir, int port, Process qemu, Thread killOnExit) {
        this.vmDir = vmDir;
        this.port = port;
        this.qemu = qemu;
        this.killOnExit = killOnExit;
    }

    /**
     * Builds the VM kit if needed, boots the VM and waits until root can log in over ssh.
     *
     * @param vmDir      a directory for this VM's keys, config and logs (shared as /vm)
     * @param diskImage  a raw image file: /dev/vda in the VM
     */
    public static BackupSrvVm start(Path vmDir, Path diskImage) throws IOException, InterruptedException {
        return start(vmDir, List.of(diskImage), DEFAULT_BOOT_TIMEOUT);
    }

    /** As {@link #start(Path, Path)} with any number of disks (in order /dev/vda, /dev/vdb ...). */
    public static BackupSrvVm start(Path vmDir, List<Path> diskImages, Duration bootTimeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(vmDir, "vmDir");
        Objects.requireNonNull(bootTimeout, "bootTimeout");
        SystemTests.assumeRoot();
        SystemTests.assumeTool("ssh");
        SystemTests.assumeTool("ssh-keygen");
        Path scripts = opsVmDir();
        buildKit(scripts);

        Files.createDirectories(vmDir);
        Path dir = vmDir.toRealPath();
        int port = LoopbackPorts.free();
        List<String> argv = new ArrayList<>(List.of("bash", scripts.resolve("run.sh").toString(),
                "--port", Integer.toString(port)));
        for (Path disk : diskImages) {
            argv.add("--disk");
            argv.add(disk.toAbsolutePath().toString());
        }
        argv.add(dir.toString());
        Instant started = Instant.now();
        // run.sh execs QEMU, so this Process is QEMU itself and destroying it stops the VM.
        Process qemu = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // A JVM that dies without close() (test timeout, Ctrl-C) must not leave QEMU running.
        Thread killOnExit = new Thread(qemu::destroyForcibly, "kill backup-srv VM");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        BackupSrvVm vm = new BackupSrvVm(dir, port, qemu, killOnExit);
        try {
            vm.awaitSshd(started.plus(bootTimeout), bootTimeout);
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            vm.kill();
            throw e;
        }
        vm.bootTime = Duration.between(started, Instant.now());
        return vm;
    }

    /** The host port forwarded to the VM's sshd (127.0.0.1 only). */
    public int sshPort() {
        return port;
    }

    /** The per-VM directory on the host; the VM sees it as /vm. */
    public Path vmDir() {
        return vmDir;
    }

    /** From starting QEMU until root's first ssh command succeeded. */
    public Duration bootTime() {
        return bootTime;
    }

    /** The device of the {@code index}-th disk image given to {@link #start} inside the VM (0: /dev/vda). */
    public static Path diskInVm(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("disk index must be 0..25: " + index);
        }
        return Path.of("/dev/vd" + (char) ('a' + index));
    }

    /**
     * Where a file of the per-VM directory appears inside the VM (under /vm). Most host paths
     * appear at the same path in the VM (read-only), but not /tmp, /run, /mnt and /root,
     * which are the VM's own; so test files the VM must read go into {@link #vmDir()}.
     */
    public String inVm(Path hostFile) {
        Path relative = vmDir.relativize(hostFile.toAbsolutePath().normalize());
        if (relative.startsWith("..")) {
            throw new IllegalArgumentException(hostFile + " is not inside the per-VM directory " + vmDir);
        }
        return relative.toString().isEmpty() ? "/vm" : "/vm/" + relative;
    }

    /**
     * The given host class path as the VM sees it: entries under the host's /tmp, /run, /mnt
     * or /root (the VM's own tmpfs there; only ~/.m2/repository is shared) are copied into
     * the per-VM directory first. A CI checkout may well live under /tmp.
     */
    public String classPathInVm(List<String> hostEntries) throws IOException {
        List<String> inVm = new java.util.ArrayList<>();
        Path staged = java.nio.file.Files.createDirectories(vmDir.resolve("classpath"));
        int index = 0;
        for (String entry : hostEntries) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (visibleInVm(path)) {
                inVm.add(path.toString());
                continue;
            }
            Path copy = staged.resolve((index++) + "-" + path.getFileName());
            copyTree(path, copy);
            inVm.add(inVm(copy));
        }
        return String.join(":", inVm);
    }

    private static boolean visibleInVm(Path path) {
        if (path.startsWith("/root/.m2/repository")) {
            return true;
        }
        for (String own : List.of("/tmp", "/run", "/mnt", "/root", "/dev", "/proc", "/sys")) {
            if (path.startsWith(own)) {
                return false;
            }
        }
        return true;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!java.nio.file.Files.exists(from)) {
            return; // a class path may name directories that were never created
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (java.nio.file.Files.isDirectory(source)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Authorizes key lines (with options, e.g. {@code command="...",restrict ssh-ed25519 ...})
     * for a user of the VM: sshd reads /vm/authorized_keys.d/USER besides the user's own
     * ~/.ssh/authorized_keys. The user must exist in the VM (e.g. {@code adduser --system}).
     */
    public void authorizeKeys(String user, String... authorizedKeysLines) throws IOException {
        if (!user.matches("[a-z_][a-z0-9_-]*")) {
            throw new IllegalArgumentException("not a plain user name: '" + user + "'");
        }
        if (user.equals("root")) {
            // /vm/authorized_keys.d/root holds the key runAsRoot and close() depend on
            throw new IllegalArgumentException("root's keys belong to the fixture; authorize another user");
        }
        Path file = vmDir.resolve("authorized_keys.d").resolve(user);
        Files.writeString(file, String.join("\n", authorizedKeysLines) + "\n");
        // sshd's StrictModes refuses key files others may write
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The private key root logs in with (its public half is /vm/authorized_keys.d/root). */
    public Path rootKey() {
        return vmDir.resolve("id_ed25519");
    }

    /** A known_hosts file holding the VM's host key for {@code [127.0.0.1]:PORT}. */
    public Path knownHosts() {
        return vmDir.resolve("known_hosts");
    }

    /**
     * The ssh client argv for one command as {@code user} with {@code identity}, with host key
     * checking against {@link #knownHosts()}; e.g. a forced-command key of a user created in
     * the VM. {@code remoteCommand} may be null for an ssh that sends no command.
     */
    public List<String> sshCommand(String user, Path identity, String remoteCommand) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts(), "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR",
                "-i", identity.toString(), "-p", Integer.toString(port), user + "@127.0.0.1"));
        if (remoteCommand != null) {
            argv.add(remoteCommand);
        }
        return argv;
    }

    /**
     * Runs a shell command line as root in the VM (via ssh, so it runs under root's login
     * shell). Any exit status of the command is returned, not thrown.
     *
     * @throws org.btrfssendbackup.core.process.ProcessFailedException when ssh itself fails
     *         (exit status 255) or the command runs longer than 5 minutes
     */
    public CommandResult runAsRoot(String command) {
        return runAsRoot(command, StdinSource.none());
    }

    /** As {@link #runAsRoot(String)} with these bytes on the command's standard input. */
    public CommandResult runAsRoot(String command, byte[] stdin) {
        return runAsRoot(command, StdinSource.bytes(stdin.clone()));
    }

    private CommandResult runAsRoot(String command, StdinSource stdin) {
        CommandLine ssh = new CommandLine(rootSsh(command), "run in backup-srv VM: " + command,
                Optional.empty(), Map.of(), Set.copyOf(IntStream.range(0, SSH_FAILED).boxed().toList()),
                Optional.of(COMMAND_TIMEOUT));
        return runner.run(ssh, stdin);
    }

    /**
     * Root's commands share one ssh connection (ControlMaster): a new connection costs 1-2 s
     * of emulated key exchange, a multiplexed command about 0.1 s.
     */
    private List<String> rootSsh(String command) {
        List<String> argv = new ArrayList<>(sshCommand("root", rootKey(), command));
        argv.addAll(1, List.of("-o", "ControlMaster=auto", "-o", "ControlPath=" + controlSocket(),
                "-o", "ControlPersist=yes"));
        return argv;
    }

    private Path controlSocket() {
        return vmDir.resolve("ssh-mux-root");
    }

    /** The VM's console: kernel messages and vm-init's progress lines. */
    public String bootLog() {
        return readOrExplain(vmDir.resolve("boot.log"));
    }

    /** Powers the VM off (busybox init syncs and unmounts), and kills QEMU if that fails. */
    @Override
    public void close() throws InterruptedException {
        if (qemu.isAlive()) {
            try {
                // busybox init (PID 1) powers off on SIGUSR2; the ssh session dies with the VM.
                runner.run(CommandLine.of(rootSsh("kill -USR2 1"))
                        .acceptingExitStatus(SSH_FAILED).withTimeout(Duration.ofSeconds(15)));
            } catch (RuntimeException sshGone) {
                // QEMU is killed below whatever happened here.
            }
            qemu.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        kill();
    }

    /** Ends the ssh master process, which otherwise only notices the VM is gone at its next use. */
    private void stopSshMaster() {
        if (Files.exists(controlSocket())) {
            try {
                runner.run(CommandLine.of("ssh", "-o", "ControlPath=" + controlSocket(), "-O", "exit", "backup-srv-vm")
                        .acceptingExitStatus(SSH_FAILED).withTimeout(Duration.ofSeconds(10)));
            } catch (RuntimeException alreadyGone) {
                // nothing left to stop
            }
        }
    }

    private void kill() throws InterruptedException {
        if (qemu.isAlive()) {
            qemu.destroy();
            if (!qemu.waitFor(5, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
                qemu.waitFor(10, TimeUnit.SECONDS);
            }
        }
        stopSshMaster();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private void awaitSshd(Instant deadline, Duration bootTimeout) throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (!qemu.isAlive()) {
                throw new IOException("backup-srv VM: QEMU exited with status " + qemu.exitValue()
                        + " before sshd answered\n" + diagnostics());
            }
            if (sshdBannerSeen() && rootCanLogIn()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("backup-srv VM: sshd did not answer on 127.0.0.1:" + port + " within "
                + bootTimeout.toSeconds() + " s\n" + diagnostics());
    }

    private boolean rootCanLogIn() {
        try {
            return runAsRoot("true").exitStatus() == 0;
        } catch (ProcessFailedException notYet) {
            return false;
        }
    }

    /** QEMU accepts on the forwarded port before the guest listens: only sshd's banner counts. */
    private boolean sshdBannerSeen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(3000);
            InputStream in = socket.getInputStream();
            byte[] banner = in.readNBytes(4);
            return "SSH-".equals(new String(banner, StandardCharsets.US_ASCII));
        } catch (IOException notYet) {
            return false;
        }
    }

    private String diagnostics() {
        return "boot log " + vmDir.resolve("boot.log") + " (last " + BOOT_LOG_TAIL_LINES + " lines):\n"
                + tail(bootLog()) + "\nqemu.log:\n" + tail(readOrExplain(vmDir.resolve("qemu.log")))
                + "\nsshd.log:\n" + tail(readOrExplain(vmDir.resolve("sshd.log")));
    }

    private static void buildKit(Path scripts) throws IOException, InterruptedException {
        Path log = Files.createTempFile("backup-srv-vm-build", ".log");
        try {
            Process build = new ProcessBuilder("bash", scripts.resolve("build.sh").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                build.destroyForcibly();
            }
            if (!done || build.exitValue() != 0) {
                unavailable("ops/vm/build.sh could not prepare the VM kit (QEMU, kernel, initramfs): "
                        + (done ? "exit status " + build.exitValue() : "timed out") + "\n" + tail(readOrExplain(log)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Like {@link SystemTests}' checks: a skip normally, a failure when system tests are required. */
    private static void unavailable(String why) {
        if (SystemTests.required()) {
            Assertions.fail(why + " (" + SystemTests.ENV + "=required, so this is a failure, not a skip)");
        }
        Assumptions.abort(why);
    }

    /** ops/vm of this checkout, found from the working directory (a module or the root). */
    static Path opsVmDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("ops/vm");
            if (Files.isRegularFile(candidate.resolve("run.sh"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("ops/vm/run.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static String readOrExplain(Path file) {
        try {
            // not readString: a console log may hold bytes that are not UTF-8
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - BOOT_LOG_TAIL_LINES), lines.size()));
    }
}
