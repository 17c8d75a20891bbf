package org.btrfssendbackup.receiver.putstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.btrfssendbackup.core.crypto.DecryptionException;
import org.btrfssendbackup.core.crypto.IntegrityException;
import org.btrfssendbackup.core.crypto.OpenPgpDecryptor;
import org.btrfssendbackup.core.crypto.OpenPgpEncryptor;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.crypto.WrongPassphraseException;

/**
 * Issue 15's fuzz test of the framing check: random byte streams, random packet sequences and
 * mutations of a real encrypted stream (flip, set, insert, delete, truncate, a plaintext header
 * in front, bytes behind) are either refused by {@link OpenPgpFraming}, or, when accepted, the
 * project's own decryptor (the restore's {@link OpenPgpDecryptor}) either yields exactly what was
 * encrypted or fails once decrypting ({@link IntegrityException}, {@link WrongPassphraseException},
 * garbage where the literal data should be). It never yields other bytes, and never fails before
 * decrypting: no MDC, no encrypted data, no passphrase packet, unreadable packets
 * ({@link #NOT_DECRYPTABLE}) are the shapes the framing check exists to keep out.
 *
 * <p>What the receiver cannot see: it holds no key, so a changed byte inside a packet body (the
 * ciphertext, the salt) passes the framing check; the restore's MDC or key check then refuses it.
 * That is the "fails loudly" branch; it is why stored streams also carry a sha256 in the manifest.
 */
class OpenPgpFramingProperties {

    /** OpenPgpDecryptor's refusals before any decryption: no message it could decrypt at all. */
    static final List<String> NOT_DECRYPTABLE = List.of("no integrity protection", "not an OpenPGP encrypted message",
            "encrypted to a public key", "not a readable OpenPGP message");

    private static final char[] SECRET = "framing properties".toCharArray();
    private static final byte[] PLAIN = new byte[3000];
    private static final byte[] REAL;

    static {
        new Random(15).nextBytes(PLAIN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.clone());
             OutputStream encrypting = OpenPgpEncryptor.open(out, passphrase)) {
            encrypting.write(PLAIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        REAL = out.toByteArray();
    }

    record Mutant(String how, byte[] bytes) {
        @Override
        public String toString() {
            return how + " (" + bytes.length + " bytes)";
        }
    }

    /** null when the framing check accepts, else its refusal. */
    static OpenPgpFraming.FramingException framing(byte[] bytes, int chunk) {
        OpenPgpFraming framing = new OpenPgpFraming();
        try {
            for (int i = 0; i < bytes.length; i += chunk) {
                framing.update(bytes, i, Math.min(chunk, bytes.length - i));
            }
            framing.finish();
            return null;
        } catch (OpenPgpFraming.FramingException e) {
            return e;
        }
    }

    /** Accepted means decryptable (exactly the original) or loudly refused by the restore. */
    static void assertRefusedOrDecryptable(byte[] bytes, int chunk) {
        OpenPgpFraming.FramingException refused = framing(bytes, chunk);
        assertThat(framing(bytes, 1) == null).as("the verdict does not depend on chunking")
                .isEqualTo(refused == null);
        if (refused != null) {
            return;
        }
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.clone());
             InputStream in = OpenPgpDecryptor.open(new ByteArrayInputStream(bytes), passphrase, "mutant")) {
            assertThat(in.readAllBytes()).as("accepted and decrypted: exactly what was encrypted").isEqualTo(PLAIN);
        } catch (DecryptionException e) {
            // Damage inside a packet body (ciphertext, salt, count) passes: only the key holder can
            // see it, and the restore refuses it loudly. What must not happen is a failure before
            // decryption starts, where the decryptor finds no message a restore could decrypt.
            assertThat(e.getMessage()).as("accepted, so the restore reads a passphrase-encrypted,"
                            + " integrity-protected message")
                    .doesNotContain(NOT_DECRYPTABLE.toArray(String[]::new));
        } catch (IOException e) {
            throw new AssertionError("accepted, yet the restore fails outside its DecryptionException", e);
        }
    }

    @Property(tries = 300)
    void randomBytesAreRefusedOrDecryptable(@ForAll @Size(max = 600) byte[] bytes,
                                            @ForAll @IntRange(min = 1, max = 700) int chunk) {
        assertRefusedOrDecryptable(bytes, chunk);
    }

    @Property(tries = 300)
    void randomPacketSequencesAreRefusedOrDecryptable(@ForAll("packetSequences") byte[] bytes,
                                                      @ForAll @IntRange(min = 1, max = 64) int chunk) {
        assertRefusedOrDecryptable(bytes, chunk);
    }

    @Property(tries = 150)
    void mutationsOfARealStreamAreRefusedOrDecryptable(@ForAll("mutants") Mutant mutant,
                                                       @ForAll @IntRange(min = 1, max = 4096) int chunk) {
        assertRefusedOrDecryptable(mutant.bytes(), chunk);
    }

    /** The attack of item 1 in all its spellings: no header in front of plaintext gets it stored. */
    @Property(tries = 300)
    void plaintextBehindAnyOneOrTwoOctetHeaderIsRefused(@ForAll @IntRange(min = 0x80, max = 0xff) int ctb,
                                                        @ForAll @IntRange(min = 0, max = 255) int second,
                                                        @ForAll("plaintexts") String plaintext) {
        byte[] bytes = concat(new byte[] {(byte) ctb, (byte) second}, plaintext.getBytes(StandardCharsets.UTF_8));
        assertThat(framing(bytes, 4096)).as("refused").isNotNull();
    }

    @Property(tries = 100)
    void anythingBehindARealStreamIsRefused(@ForAll @Size(min = 1, max = 64) byte[] tail) {
        assertThat(framing(concat(REAL, tail), 4096)).isNotNull()
                .satisfies(e -> assertThat(e.truncated).isFalse());
    }

    @Property(tries = 50)
    void theUnmutatedStreamIsAcceptedWhateverTheChunking(@ForAll @IntRange(min = 1, max = 5000) int chunk) {
        assertThat(framing(REAL, chunk)).isNull();
    }

    @Provide
    Arbitrary<String> plaintexts() {
        return Arbitraries.oneOf(Arbitraries.of("btrfs-stream\0", "plain text\n", "root:x:0:0::/root:/bin/bash\n"),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(200));
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        int n = REAL.length;
        // half of the positions in the packet headers and the end, where the framing lives
        Arbitrary<Integer> position = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(n - 30, n - 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, n - 1)));
        Arbitrary<byte[]> few = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8);
        Arbitrary<Mutant> flip = Combinators.combine(position, Arbitraries.integers().between(0, 7)).as((p, bit) -> {
            byte[] b = REAL.clone();
            b[p] ^= (byte) (1 << bit);
            return new Mutant("flip bit " + bit + " at " + p, b);
        });
        Arbitrary<Mutant> set = Combinators.combine(position, Arbitraries.bytes()).as((p, v) -> {
            byte[] b = REAL.clone();
            b[p] = v;
            return new Mutant("set " + p + " to " + v, b);
        });
        Arbitrary<Mutant> insert = Combinators.combine(position, few).as((p, extra) ->
                new Mutant("insert " + extra.length + " at " + p,
                        concat(Arrays.copyOf(REAL, p), extra, Arrays.copyOfRange(REAL, p, n))));
        Arbitrary<Mutant> delete = Combinators.combine(position, Arbitraries.integers().between(1, 8)).as((p, k) ->
                new Mutant("delete " + k + " at " + p,
                        concat(Arrays.copyOf(REAL, p), Arrays.copyOfRange(REAL, Math.min(n, p + k), n))));
        Arbitrary<Mutant> truncate = position.map(p -> new Mutant("truncate to " + p, Arrays.copyOf(REAL, p)));
        Arbitrary<Mutant> prepend = Combinators.combine(
                Arbitraries.of("a4", "a7", "a6", "c9", "8f", "d2", "d4", "c3", "a8 03 504750", "8c 02 0409"),
                plaintexts()).as((h, text) -> new Mutant("prepend " + h + " + plaintext", concat(
                        HexFormat.of().parseHex(h.replace(" ", "")), text.getBytes(StandardCharsets.UTF_8), REAL)));
        Arbitrary<Mutant> append = few.map(extra -> new Mutant("append " + extra.length, concat(REAL, extra)));
        return Arbitraries.oneOf(flip, set, insert, delete, truncate, prepend, append);
    }

    /** Packets of the tags that matter, with random length encodings and bodies. */
    @Provide
    Arbitrary<byte[]> packetSequences() {
        Arbitrary<Integer> tags = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(1, 3, 10, 18, 20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(9, 8, 11, 2)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 63)));
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> packet = Combinators.combine(tags, bodies, Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 6)).as(OpenPgpFramingProperties::packet);
        return packet.list().ofMinSize(1).ofMaxSize(5).map(list -> concat(list.toArray(byte[][]::new)));
    }

    /** One packet: old format (1, 2, 4 or indeterminate) or new format (1, 2, 5 octets, or partial). */
    static byte[] packet(int tag, byte[] body, int encoding, int version) {
        byte[] b = body.clone();
        if (b.length > 0) {
            b[0] = (byte) version; // often a known version, so that more sequences get past the first octet
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean old = tag < 16 && encoding < 2;
        if (old) {
            boolean indeterminate = encoding == 1;
            out.write(0x80 | (tag << 2) | (indeterminate ? 3 : b.length < 256 ? 0 : 1));
            if (!indeterminate) {
                out.write(b.length);
            }
        } else {
            out.write(0xc0 | tag);
            if (encoding == 4 && b.length >= 2) {
                out.write(0xe1); // a 2-octet partial chunk, then the rest
                out.write(b, 0, 2);
                out.write(b.length - 2);
                out.write(b, 2, b.length - 2);
                return out.toByteArray();
            }
            if (encoding == 3) {
                out.writeBytes(new byte[] {(byte) 255, 0, 0, 0, (byte) b.length});
            } else {
                out.write(b.length);
            }
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Property(tries = 1)
    void theRealStreamIsWhatTheDecryptorReads() throws IOException {
        try (Passphrase passphrase = Passphrase.ofChars(SECRET.clone());
             InputStream in = OpenPgpDecryptor.open(new ByteArrayInputStream(REAL), passphrase, "real")) {
            assertThat(in.readAllBytes()).isEqualTo(PLAIN);
        }
        assertThatThrownBy(() -> {
            throw framing(concat(new byte[] {(byte) 0xa4}, REAL), 64);
        }).hasMessageContaining("type 9");
    }
}
