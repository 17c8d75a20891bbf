package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * Writes one OpenPGP symmetrically encrypted message that stock {@code gpg --decrypt} (2.2+)
 * reads without warnings: SKESK v4 with iterated+salted SHA-256 S2K, AES-256, SEIPD v1 with MDC,
 * and a binary literal data packet. Lengths are unknown up front, so both the encrypted and the
 * literal packet use partial body lengths. No OpenPGP compression: we compress with zstd first.
 *
 * <p>Speed: the cipher comes from the JDK's SunJCE (AES-NI intrinsics; ~2.5x BC's own engine),
 * the MDC from the JDK's SHA-1 (see {@link JdkDigestIntegrityBuilder}), and the partial packets
 * are 1 MiB so that Bouncy Castle's per-packet work and our write calls stay few.
 */
public final class OpenPgpEncryptor {

    /** Partial body packet size (a power of two); two of these buffers are the heap cost. */
    public static final int PACKET_BYTES = 1 << 20;

    /** gpg 2.2's default S2K count (65,011,712 bytes hashed): ~0.1 s per stream, once. */
    static final int S2K_COUNT_CODE = 0xFF;

    private static final String JDK_CIPHER_PROVIDER = "SunJCE";

    private OpenPgpEncryptor() {
    }

    /**
     * Starts a message on {@code target}. Closing the returned stream finishes the message (last
     * partial packet and MDC) but leaves {@code target} open: the caller owns it.
     */
    public static OutputStream open(OutputStream target, Passphrase passphrase) throws IOException {
        SecureRandom random = new SecureRandom();
        PGPEncryptedDataGenerator encryptedGenerator = new PGPEncryptedDataGenerator(
                new JdkDigestIntegrityBuilder(new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setProvider(JDK_CIPHER_PROVIDER)
                        .setWithIntegrityPacket(true)
                        .setSecureRandom(random)));
        try {
            encryptedGenerator.addMethod(new JcePBEKeyEncryptionMethodGenerator(passphrase.chars(),
                    new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA256),
                    S2K_COUNT_CODE)
                    .setProvider(JDK_CIPHER_PROVIDER)
                    .setSecureRandom(random));
            OutputStream encrypted = encryptedGenerator.open(target, new byte[PACKET_BYTES]);
            PGPLiteralDataGenerator literalGenerator = new PGPLiteralDataGenerator();
            // Empty name and epoch date: the stored file reveals nothing about where it came from.
            OutputStream literal = literalGenerator.open(encrypted, PGPLiteralData.BINARY, "",
                    new Date(0L), new byte[PACKET_BYTES]);
            return new EncryptingOutputStream(literal, literalGenerator, encryptedGenerator);
        } catch (PGPException e) {
            throw new IOException("starting OpenPGP encryption: " + e.getMessage(), e);
        }
    }

    /** Passes whole arrays through (FilterOutputStream would split them into single bytes). */
    private static final class EncryptingOutputStream extends OutputStream {
        private final OutputStream literal;
        private final PGPLiteralDataGenerator literalGenerator;
        private final PGPEncryptedDataGenerator encryptedGenerator;
        private boolean closed;

        EncryptingOutputStream(OutputStream literal, PGPLiteralDataGenerator literalGenerator,
                PGPEncryptedDataGenerator encryptedGenerator) {
            this.literal = literal;
            this.literalGenerator = literalGenerator;
            this.encryptedGenerator = encryptedGenerator;
        }

        @Override
        public void write(int b) throws IOException {
            literal.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            literal.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            literal.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            literalGenerator.close();
            encryptedGenerator.close();
        }
    }
}
