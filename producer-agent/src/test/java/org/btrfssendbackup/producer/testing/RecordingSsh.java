package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.core.process.ProcessFactory;

/**
 * FAKE backup-srv behind {@code ssh} (for the argv and key-handling tests of the ssh transport;
 * the real receiver over real sshd is the VM end-to-end test's job): a {@link ProcessFactory}
 * that records the argv and environment of every {@code ssh} the runner starts, saves its stdin
 * to a file, and answers as the protocol says with a small {@code sh} script. Other programs
 * run for real.
 */
public final class RecordingSsh implements ProcessFactory {

    public static final String RECEIVED_UUID = "0d1f6c0e-8f3b-4d7a-9a43-3f0c2b1e5a10";

    /** One ssh invocation as the runner asked for it. */
    public record Call(List<String> argv, Map<String, String> environment, Path stdinFile) {
        public String remoteCommand() {
            return argv.get(argv.size() - 1);
        }

        public byte[] stdin() throws IOException {
            return Files.readAllBytes(stdinFile);
        }
    }

    private final Path dir;
    private final List<Call> calls = new ArrayList<>();
    private String refuse;

    public RecordingSsh(Path dir) {
        this.dir = dir;
    }

    /** Commands starting with this verb are refused with exit 2, as the receiver refuses. */
    public synchronized RecordingSsh refuse(String verb) {
        refuse = verb;
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized Process start(ProcessBuilder builder) throws IOException {
        List<String> argv = List.copyOf(builder.command());
        if (!argv.get(0).equals("ssh")) {
            return builder.start();
        }
        Path stdin = dir.resolve("ssh-stdin-" + calls.size());
        calls.add(new Call(argv, Map.copyOf(builder.environment()), stdin));
        String command = argv.get(argv.size() - 1);
        String verb = command.split(" ")[0];
        String answer = verb.equals(refuse) ? "echo \"refused: $VERB\" >&2; exit 2" : switch (verb) {
            case "open-luks" -> reply("{\"status\":\"opened\",\"device\":\"/dev/vdb\",\"mapping\":\"btrfs_backup\","
                    + "\"mount\":\"/mnt/btrfs-backup\"}");
            case "list" -> reply("{\"formatVersion\":1,\"snapshot\":\"prod-srv-rootfs-20260201T020500Z\",\"kind\":\"full\"}")
                    + "; " + reply("{\"type\":\"received-snapshot\",\"snapshot\":\"prod-srv-rootfs-20260301T020500Z\","
                    + "\"received_uuid\":\"" + RECEIVED_UUID + "\",\"read_only\":true}");
            case "receive" -> "printf '{\"status\":\"received\",\"snapshot\":\"%s\",\"parent\":null,\"bytes\":%s,"
                    + "\"sha256\":\"%s\",\"received_uuid\":\"" + RECEIVED_UUID + "\"}\\n' \"$SNAPSHOT\" "
                    + "\"$(stat -c %s \"$STDIN\")\" \"$(sha256sum \"$STDIN\" | cut -c1-64)\"";
            case "prune-received" -> reply("{\"status\":\"pruned\",\"kept\":1,\"deleted\":[]}");
            case "close-luks" -> reply("{\"status\":\"closed\"}");
            default -> "echo \"refused: unknown command\" >&2; exit 2";
        };
        builder.command("sh", "-c", "cat > \"$STDIN\"; " + answer);
        builder.environment().put("STDIN", stdin.toString());
        builder.environment().put("VERB", verb);
        String[] words = command.split(" ");
        builder.environment().put("SNAPSHOT", words.length > 2 ? words[2] : "");
        return builder.start();
    }

    private static String reply(String json) {
        return "printf '%s\\n' '" + json + "'";
    }
}
