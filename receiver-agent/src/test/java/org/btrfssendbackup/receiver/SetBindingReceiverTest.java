package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real receiver (ReceiverMain.run, as sudo runs it) with the forced command's --sets. */
class SetBindingReceiverTest {

    static final String OTHER = "web2";
    static final String FULL = "p-20260130T000000Z";

    @TempDir
    Path tmp;
    Path root;
    Path config;

    @BeforeEach
    void store() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        config = tmp.resolve("receive.conf");
        Files.writeString(config, "BACKUP_ROOT=" + root + "\n");
        // web2 holds a stream that a key bound to web1 must neither read nor list nor push past
        assertThat(new ReceiverHarness(root).run("put-stream " + OTHER + " " + FULL + " full",
                TestStreams.encryptedLike(2_000, 1)).status()).isZero();
    }

    record Result(int status, String out, String err) {
    }

    Result main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReceiverMain.run(args, Map.of(ReceiverMain.CONFIG_ENV, config.toString()),
                new ByteArrayInputStream(TestStreams.encryptedLike(2_000, 7)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"put-stream web2 p-20260131T000000Z incr p-20260130T000000Z", "put-stream web2 p-20260131T000000Z full",
            "list web2", "get-stream web2 p-20260130T000000Z.full.btrfs.gpg", "receive web2 p-20260131T000000Z",
            "prune-received web2"})
    void aKeyBoundToOtherSetsIsRefusedForEveryCommandNamingASetAndNothingChanges(String command) throws Exception {
        Result r = main("--sets", "web1-*,web1", command);
        assertThat(r.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("btrfs-backup-receive: refused: ")
                .contains("web2").contains("bound to --sets 'web1-*,web1'").hasLineCount(1);
        try (Stream<Path> files = Files.list(root.resolve(OTHER))) {
            // the lock file may stay (put-stream's business), nothing else may appear
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".put-stream.lock")))
                    .containsExactlyInAnyOrder(FULL + ".full.btrfs.gpg", FULL + ".manifest");
        }
    }

    @Test
    void theSameCommandsPassForTheBoundSet() {
        Result list = main("--sets", "web2", "list web2");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains(FULL);
        assertThat(main("--sets", "web*", "get-stream web2 p-20260130T000000Z.full.btrfs.gpg").status()).isZero();
        assertThat(main("--sets", "web2", "put-stream web2 p-20260131T000000Z incr p-20260130T000000Z").status())
                .isZero();
        // allowed by the binding, then refused for its own reason (no LUKS volume configured)
        Result receive = main("--sets", "web2", "receive web2 p-20260201T000000Z");
        assertThat(receive.status()).isNotZero();
        assertThat(receive.err()).contains("LUKS").doesNotContain("bound to");
    }

    @Test
    void versionNamesNoSetAndIsAllowed() {
        Result r = main("--sets", "web1", "version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"version\"");
    }

    @Test
    void withoutTheOptionEverySetIsReachableAsInTheSeed() {
        assertThat(main("list web2").out()).contains(FULL);
    }

    @Test
    void theCommandCanComeFromSshOriginalCommandAfterTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {"--sets", "web1"},
                Map.of(ReceiverMain.CONFIG_ENV, config.toString(), "SSH_ORIGINAL_COMMAND", "list web2"),
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(ReceiverExit.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bound to --sets 'web1'");
    }

    @Test
    void aBadPatternInTheForcedCommandIsAFailureNotEverySet() {
        Result r = main("--sets", "web[12]", "list web2");
        assertThat(r.status()).isEqualTo(ReceiverExit.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("btrfs-backup-receive: failed: --sets: pattern 'web[12]'");
    }

    @Test
    void aCallerCannotSmuggleTheOptionIntoItsOneArgument() {
        // without --sets in the forced command, the caller's "--sets x list web2" is one argument: a command
        Result r = main("--sets web2 list web2");
        assertThat(r.status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(main("--sets").status()).isEqualTo(ReceiverExit.REFUSED);
    }

    @Test
    void moreArgumentsAfterTheOptionAreRefused() {
        assertThat(main("--sets", "web2", "list", "web2").status()).isEqualTo(ReceiverExit.REFUSED);
    }

    @Test
    void helpNamesTheOption() {
        Result r = main("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--sets PATTERNS").contains("Without --sets every set is allowed");
    }

    @Test
    void aRefusalIsACommandRefusedEventNamingSetAndPatterns() {
        ReceiverHarness bound = new ReceiverHarness(root, SetBinding.parse("web1-*"));
        assertThat(bound.run("list web2", new byte[0]).status()).isEqualTo(ReceiverExit.REFUSED);
        assertThat(bound.events.refused).singleElement().asString()
                .startsWith("list -> list web2: set web2 is not one this key may touch")
                .contains("bound to --sets 'web1-*'");
    }
}
