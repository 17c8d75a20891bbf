package org.btrfssendbackup.receiver.luks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.core.process.ProcessFactory;

/**
 * Stands in for cryptsetup and mount, which cannot map or mount LUKS volumes on this kernel
 * (no device-mapper): records every argv, the environment it would get and the bytes it was
 * given on stdin, and answers with a scripted exit status per command prefix (0 otherwise).
 * The stand-in is a real process ({@code sh}) reading all of stdin, so the runner's stdin
 * handling (writing the key, zeroing it) runs for real.
 */
final class RecordingProcessFactory implements ProcessFactory {

    record Call(List<String> argv, Map<String, String> environment, byte[] stdin) {
        String line() {
            return String.join(" ", argv);
        }
    }

    private final Path dir;
    private final Map<String, Integer> exitStatusByPrefix = new LinkedHashMap<>();
    private final List<Path> stdinFiles = new ArrayList<>();
    private final List<List<String>> argvs = new ArrayList<>();
    private final List<Map<String, String>> environments = new ArrayList<>();

    RecordingProcessFactory(Path dir) {
        this.dir = dir;
    }

    /** Commands whose argv joined by spaces starts with {@code prefix} exit with {@code status}. */
    RecordingProcessFactory answer(String prefix, int status) {
        exitStatusByPrefix.put(prefix, status);
        return this;
    }

    @Override
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        List<String> argv = List.copyOf(builder.command());
        String line = String.join(" ", argv);
        int status = exitStatusByPrefix.entrySet().stream().filter(e -> line.startsWith(e.getKey()))
                .map(Map.Entry::getValue).reduce((first, later) -> later).orElse(0);
        Path stdin = dir.resolve("stdin-" + argvs.size());
        argvs.add(argv);
        environments.add(Map.copyOf(builder.environment()));
        stdinFiles.add(stdin);
        builder.command("sh", "-c", "cat > \"$0\"; exit " + status, stdin.toString());
        return builder.start();
    }

    synchronized List<Call> calls() throws IOException {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < argvs.size(); i++) {
            Path stdin = stdinFiles.get(i);
            calls.add(new Call(argvs.get(i), environments.get(i),
                    Files.exists(stdin) ? Files.readAllBytes(stdin) : new byte[0]));
        }
        return calls;
    }

    List<String> lines() throws IOException {
        return calls().stream().map(Call::line).toList();
    }
}
