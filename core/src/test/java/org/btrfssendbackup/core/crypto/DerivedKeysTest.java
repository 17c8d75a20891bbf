package org.btrfssendbackup.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.encrypt;
import static org.btrfssendbackup.core.crypto.OpenPgpRoundTripTest.random;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys derived ahead ({@link DerivedKeys}): the same key as a direct derivation, taken only for
 * the very S2K parameters and passphrase, derived once when the decryptor asks while it is under
 * way, wiped when not taken, and the thread gone after close.
 */
@Timeout(60)
class DerivedKeysTest {
    private static final int SMALL_COUNT = 0x60; // 65,536 octets: the tests stay fast

    @TempDir
    Path dir;
    final Passphrase passphrase = Passphrase.ofChars("correct horse battery staple".toCharArray());
    /** Every key the background derivation returned, and on which thread. */
    final List<byte[]> derived = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void closePassphrase() {
        passphrase.close();
    }

    private BiFunction<FastDecryption.KeyPacket, Passphrase, byte[]> recording(CountDownLatch started,
            CountDownLatch release) {
        return (key, secret) -> {
            threads.add(Thread.currentThread());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] k = key.deriveKey(secret);
            derived.add(k);
            return k;
        };
    }

    private BiFunction<FastDecryption.KeyPacket, Passphrase, byte[]> recording() {
        return recording(new CountDownLatch(1), new CountDownLatch(0));
    }

    private Path stored(String name, Passphrase with) throws IOException {
        return Files.write(dir.resolve(name), encrypt(random(1000), with));
    }

    private static FastDecryption.KeyPacket keyPacketOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FastDecryption.readStart(in).key();
        }
    }

    private static FastDecryption.KeyPacket smallCount(FastDecryption.KeyPacket key) {
        return new FastDecryption.KeyPacket(key.keyBytes(), key.digest(), key.salt(), SMALL_COUNT);
    }

    private static byte[] direct(FastDecryption.KeyPacket key, Passphrase passphrase) {
        return IteratedSaltedS2k.deriveKey(passphrase.chars(), key.salt(), key.countOctet(), key.digest(), key.keyBytes());
    }

    private void awaitDerived(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (derived.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(derived).hasSize(count);
    }

    @Test
    void aKeyDerivedAheadIsTheDirectlyDerivedKeyDerivedOnceOnADaemonThread() throws Exception {
        Path file = stored("a.full.btrfs.gpg", passphrase);
        FastDecryption.KeyPacket key = keyPacketOf(file);
        try (DerivedKeys keys = DerivedKeys.inBackground(passphrase, recording())) {
            keys.prefetch(file);
            awaitDerived(1);
            byte[] taken = keys.take(key, passphrase);

            assertThat(taken).isEqualTo(direct(key, passphrase)).isSameAs(derived.get(0));
            assertThat(threads).singleElement().satisfies(t -> {
                assertThat(t.getName()).isEqualTo(DerivedKeys.THREAD_NAME);
                assertThat(t.isDaemon()).isTrue();
            });
        }
    }

    @Test
    void theRealDerivationAheadGivesTheDirectlyDerivedKey() throws Exception {
        Path file = stored("a.full.btrfs.gpg", passphrase);
        FastDecryption.KeyPacket key = keyPacketOf(file);
        try (DerivedKeys keys = DerivedKeys.inBackground(passphrase)) {
            keys.prefetch(file);
            assertThat(keys.take(key, passphrase)).isEqualTo(direct(key, passphrase));
        }
    }

    @Test
    void anotherKeyPacketOrPassphraseIsDerivedOnTheSpot() throws Exception {
        Path a = stored("a.full.btrfs.gpg", passphrase);
        Path b = stored("b.incr.btrfs.gpg", passphrase);
        try (Passphrase other = Passphrase.ofChars("correct horse battery staple".toCharArray());
             DerivedKeys keys = DerivedKeys.inBackground(passphrase, recording())) {
            keys.prefetch(a);
            awaitDerived(1);

            FastDecryption.KeyPacket keyB = keyPacketOf(b);
            assertThat(keys.take(keyB, passphrase)).isEqualTo(direct(keyB, passphrase)).isNotSameAs(derived.get(0));
            // the same secret in another Passphrase object: not the one the keys were derived with
            FastDecryption.KeyPacket keyA = keyPacketOf(a);
            assertThat(keys.take(keyA, other)).isEqualTo(direct(keyA, other)).isNotSameAs(derived.get(0));
            // same salt, other count: other parameters
            FastDecryption.KeyPacket countChanged = smallCount(keyA);
            assertThat(keys.take(countChanged, passphrase)).isEqualTo(direct(countChanged, passphrase));
            assertThat(derived).hasSize(1);
            // still there for its own key packet, once
            assertThat(keys.take(keyA, passphrase)).isSameAs(derived.get(0));
            assertThat(keys.take(keyA, passphrase)).isNotSameAs(derived.get(0)).isEqualTo(direct(keyA, passphrase));
        }
    }

    @Test
    void aTakeDuringTheDerivationWaitsForItInsteadOfDerivingAgain() throws Exception {
        Path file = stored("a.full.btrfs.gpg", passphrase);
        FastDecryption.KeyPacket key = keyPacketOf(file);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (DerivedKeys keys = DerivedKeys.inBackground(passphrase, recording(started, release))) {
            keys.prefetch(file);
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<byte[]> taken = CompletableFuture.supplyAsync(() -> keys.take(key, passphrase));
            Thread.sleep(200);
            assertThat(taken).isNotDone();

            release.countDown();

            assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo(direct(key, passphrase)).isSameAs(derived.get(0));
            assertThat(derived).hasSize(1);
        }
    }

    @Test
    void closeWipesKeysNotTakenAndEndsTheThreadAlsoDuringADerivation() throws Exception {
        Path a = stored("a.full.btrfs.gpg", passphrase);
        Path b = stored("b.incr.btrfs.gpg", passphrase);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        DerivedKeys keys = DerivedKeys.inBackground(passphrase, (key, secret) -> {
            if (started.getCount() == 1) { // the second: held until close() runs
                return recording(started, release).apply(key, secret);
            }
            return recording(started, new CountDownLatch(0)).apply(key, secret);
        });
        keys.prefetch(a);
        keys.prefetch(b);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(keys::close);
        Thread.sleep(100);
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(derived).hasSize(2).allSatisfy(k -> assertThat(k).containsOnly(0));
        assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        // after close nothing is handed out, and nothing is derived ahead any more
        FastDecryption.KeyPacket keyA = keyPacketOf(a);
        assertThat(keys.take(keyA, passphrase)).isEqualTo(direct(keyA, passphrase));
        keys.prefetch(a);
        Thread.sleep(50);
        assertThat(derived).hasSize(2);
    }

    @Test
    void aFileOfAnotherShapeOrMissingIsSkipped() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.gpg"), random(100));
        try (DerivedKeys keys = DerivedKeys.inBackground(passphrase, recording())) {
            keys.prefetch(garbage);
            keys.prefetch(dir.resolve("missing.gpg"));
            Path good = stored("a.full.btrfs.gpg", passphrase);
            keys.prefetch(good); // the thread went on after the two

            awaitDerived(1);
            assertThat(keys.take(keyPacketOf(good), passphrase)).isSameAs(derived.get(0));
        }
    }

    @Test
    void theDecryptorTakesTheKeyAndAWrongPassphraseFailsAsWithout() throws Exception {
        byte[] plain = random(5000);
        Path file = Files.write(dir.resolve("a.full.btrfs.gpg"), encrypt(plain, passphrase));
        try (DerivedKeys keys = DerivedKeys.inBackground(passphrase, recording())) {
            keys.prefetch(file);
            awaitDerived(1);
            try (InputStream in = OpenPgpDecryptor.open(Files.newInputStream(file), passphrase, keys, "a")) {
                assertThat(in.readAllBytes()).isEqualTo(plain);
            }
            assertThat(derived.get(0)).containsOnly(0); // taken, used, wiped by the decryptor
        }
        derived.clear();
        try (Passphrase wrong = Passphrase.ofChars("wrong".toCharArray());
             DerivedKeys keys = DerivedKeys.inBackground(wrong, recording())) {
            String without = messageOf(() -> OpenPgpDecryptor.open(Files.newInputStream(file), wrong, "a"));
            keys.prefetch(file);
            awaitDerived(1);
            assertThatThrownBy(() -> OpenPgpDecryptor.open(Files.newInputStream(file), wrong, keys, "a"))
                    .isInstanceOf(WrongPassphraseException.class).hasMessage(without);
        }
    }

    private interface Opening {
        InputStream open() throws IOException;
    }

    private static String messageOf(Opening opening) {
        try (InputStream in = opening.open()) {
            throw new AssertionError("opened with a wrong passphrase");
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void noneDerivesEverythingOnTheSpot() throws Exception {
        Path file = stored("a.full.btrfs.gpg", passphrase);
        FastDecryption.KeyPacket key = keyPacketOf(file);
        DerivedKeys none = DerivedKeys.none();
        none.prefetch(file);
        assertThat(none.take(key, passphrase)).isEqualTo(direct(key, passphrase));
        none.close(); // a no-op: none() is shared
        assertThat(none.take(key, passphrase)).isEqualTo(direct(key, passphrase));
    }
}
