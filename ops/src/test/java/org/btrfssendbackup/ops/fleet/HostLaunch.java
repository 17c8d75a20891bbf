package org.btrfssendbackup.ops.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.tools.IpArgs;

/**
 * The argv that runs a program as one host of the fleet on this machine: in the host's network
 * namespace ({@code ip netns exec}), with its own host name (a UTS namespace: the events'
 * {@code host} is read from the kernel, as on a real server) and its own files at the deployed
 * paths (a private mount namespace in which a directory of the test is bind-mounted on, say,
 * /etc/btrfs-send-backup). Where such a path does not exist on this machine, the directory above
 * it gets a throwaway overlay first, so the machine's own /etc and /root are never written.
 * Pure: builds argv, runs nothing. Every step execs the next, so the pid of the started process
 * is the program's.
 *
 * @param namespace the network namespace
 * @param hostName  the host name the program sees
 * @param scratch   a directory of the test for the overlays' upper and work directories
 * @param binds     directory of the test → the path the program sees it at (absolute, two levels at least)
 * @param pidFile   where the program's pid is written before it starts (to SIGKILL it), if anywhere
 * @param log       where its stdout and stderr go, if anywhere (else inherited)
 */
record HostLaunch(String namespace, String hostName, Path scratch, Map<Path, Path> binds, Optional<Path> pidFile,
                  Optional<Path> log) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

    HostLaunch {
        if (hostName == null || !HOST.matcher(hostName).matches()) {
            throw new IllegalArgumentException("fleet host: invalid host name '" + hostName + "'");
        }
        binds = Map.copyOf(new LinkedHashMap<>(binds));
        for (Path target : binds.values()) {
            if (!target.isAbsolute() || target.getNameCount() < 2) {
                throw new IllegalArgumentException("fleet host " + hostName + ": a bind target must be an absolute path below a "
                        + "top-level directory, got " + target);
            }
        }
    }

    static HostLaunch of(String namespace, String hostName, Path scratch) {
        return new HostLaunch(namespace, hostName, scratch, Map.of(), Optional.empty(), Optional.empty());
    }

    HostLaunch bind(Path source, Path target) {
        Map<Path, Path> more = new LinkedHashMap<>(binds);
        more.put(source, target);
        return new HostLaunch(namespace, hostName, scratch, more, pidFile, log);
    }

    /** The same launch with its overlays in {@code directory} (two mounts must never share an overlay's work directory). */
    HostLaunch withScratch(Path directory) {
        return new HostLaunch(namespace, hostName, directory, binds, pidFile, log);
    }

    HostLaunch withPidFile(Path file) {
        return new HostLaunch(namespace, hostName, scratch, binds, Optional.of(file), log);
    }

    HostLaunch withLog(Path file) {
        return new HostLaunch(namespace, hostName, scratch, binds, pidFile, Optional.of(file));
    }

    /** The top-level directories that get an overlay (e.g. /etc for /etc/btrfs-send-backup), in a stable order. */
    Set<Path> overlaid() {
        Set<Path> tops = new LinkedHashSet<>();
        binds.values().stream().sorted().forEach(target -> tops.add(target.getRoot().resolve(target.getName(0))));
        return tops;
    }

    /** The upper and work directories of {@code top}'s overlay below {@link #scratch} (the caller creates them). */
    List<Path> overlayDirectories(Path top) {
        Path base = scratch.resolve("overlay-" + top.getFileName());
        return List.of(base.resolve("upper"), base.resolve("work"));
    }

    /** The whole argv: this launch, then {@code program}. */
    List<String> argv(List<String> program) {
        List<String> argv = new ArrayList<>(prefix());
        argv.addAll(program);
        return argv;
    }

    /** Everything before the program's own argv (what {@code LoopbackSshd.startAs} calls a launcher). */
    List<String> prefix() {
        List<String> script = new ArrayList<>(List.of("set -e"));
        pidFile.ifPresent(file -> script.add("echo $$ > " + quote(file.toString())));
        script.add("hostname " + quote(hostName));
        for (Path top : overlaid()) {
            List<Path> dirs = overlayDirectories(top);
            script.add("mount -t overlay overlay -o " + quote("lowerdir=" + top + ",upperdir=" + dirs.get(0)
                    + ",workdir=" + dirs.get(1)) + " " + quote(top.toString()));
        }
        binds.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(bind -> {
            script.add("mkdir -p " + quote(bind.getValue().toString()));
            script.add("mount --bind " + quote(bind.getKey().toString()) + " " + quote(bind.getValue().toString()));
        });
        script.add("exec \"$@\"" + log.map(file -> " > " + quote(file.toString()) + " 2>&1").orElse(""));
        return IpArgs.inNamespace(namespace, List.of("unshare", "--uts", "--mount", "--propagation", "private",
                "sh", "-c", String.join("\n", script), "sh"));
    }

    /** A single-quoted shell word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
