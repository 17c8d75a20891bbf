package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.Provider;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;

/**
 * {@link OpenPgpDecryptor}'s fallback: every use of Bouncy Castle on the decryption side lives
 * here and in {@link VerifyingInputStream}, which only this class names. The fast path's classes
 * mention no Bouncy Castle type in a signature, field, catch or instanceof, so a stream that takes
 * the fast path loads none: Bouncy Castle's jars are signed, and the first class loaded from them
 * costs the JVM the verification of the jar signatures (~150 ms at start-up), and signed jars'
 * classes never come from the class data archive.
 */
final class BouncyCastleDecryption {

    private static final String JDK_CIPHER_PROVIDER = "SunJCE";

    private BouncyCastleDecryption() {
    }

    /** Everything the fast path leaves: gpg's compressed messages, public-key packets, SEIPD v2, OCB. */
    static InputStream open(InputStream ciphertext, Passphrase passphrase, String source)
            throws DecryptionException {
        PGPPBEEncryptedData encrypted = findPassphraseEncrypted(ciphertext, source);
        if (!encrypted.isIntegrityProtected() && !encrypted.isAEAD()) {
            throw new IntegrityException(source,
                    "message has no integrity protection (no MDC); refusing to decrypt it", null);
        }
        InputStream clear = decryptedPackets(encrypted, passphrase, source);
        InputStream literal = literalData(clear, source);
        return new VerifyingInputStream(literal, encrypted, ciphertext, source);
    }

    private static PGPPBEEncryptedData findPassphraseEncrypted(InputStream ciphertext, String source)
            throws DecryptionException {
        try {
            JcaPGPObjectFactory packets = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(ciphertext));
            Object first = packets.nextObject();
            while (first instanceof PGPMarker) {
                first = packets.nextObject();
            }
            if (!(first instanceof PGPEncryptedDataList list)) {
                throw new DecryptionException(source, "not an OpenPGP encrypted message (found "
                        + (first == null ? "no packets" : first.getClass().getSimpleName()) + ")", null);
            }
            for (Object candidate : list) {
                if (candidate instanceof PGPPBEEncryptedData pbe) {
                    return pbe;
                }
            }
            throw new DecryptionException(source,
                    "message is encrypted to a public key, not with a passphrase", null);
        } catch (DecryptionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DecryptionException(source, "not a readable OpenPGP message: " + e.getMessage(), e);
        }
    }

    private static InputStream decryptedPackets(PGPPBEEncryptedData encrypted, Passphrase passphrase,
            String source) throws DecryptionException {
        try {
            JcePBEDataDecryptorFactoryBuilder builder = new JcePBEDataDecryptorFactoryBuilder(
                    new JcaPGPDigestCalculatorProviderBuilder().build());
            if (isAes(encrypted.getAlgorithm())) {
                builder.setProvider(JDK_CIPHER_PROVIDER); // AES-NI; the JDK lacks CAST5 and friends
            } else {
                builder.setProvider(bouncyCastle());
            }
            PBEDataDecryptorFactory factory = builder.build(passphrase.chars());
            return encrypted.getDataStream(factory);
        } catch (PGPException e) {
            // Ours and gpg's key packets carry no encrypted session key: a wrong passphrase fails the
            // prefix's quick check. Where a key packet does carry one (Bouncy Castle's generator), a
            // wrong passphrase decrypts it to garbage (unknown algorithm, bad key size) first; a v4
            // key packet has no integrity check, so that garbage cannot be told from a wrong passphrase.
            throw new WrongPassphraseException(source, e);
        } catch (RuntimeException e) {
            throw new DecryptionException(source, "cannot start decryption: " + e.getMessage(), e);
        }
    }

    /** Unwraps optional compression (gpg's default) down to the literal data. */
    private static InputStream literalData(InputStream clear, String source) throws DecryptionException {
        try {
            Object packet = new JcaPGPObjectFactory(clear).nextObject();
            if (packet instanceof PGPCompressedData compressed) {
                packet = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (packet instanceof PGPLiteralData literal) {
                return literal.getInputStream();
            }
            throw new DecryptionException(source, "wrong passphrase or corrupt file: decrypted data holds "
                    + (packet == null ? "no packets" : packet.getClass().getSimpleName())
                    + " instead of literal data", null);
        } catch (DecryptionException e) {
            throw e;
        } catch (IOException | PGPException | RuntimeException e) {
            throw new DecryptionException(source,
                    "wrong passphrase or corrupt file: decrypted data is not OpenPGP packets: " + e.getMessage(), e);
        }
    }

    private static boolean isAes(int algorithm) {
        return algorithm == SymmetricKeyAlgorithmTags.AES_128
                || algorithm == SymmetricKeyAlgorithmTags.AES_192
                || algorithm == SymmetricKeyAlgorithmTags.AES_256;
    }

    private static Provider bouncyCastle() {
        return BouncyCastleHolder.PROVIDER;
    }

    /** Created on first need and never registered globally: other code keeps the JDK providers. */
    private static final class BouncyCastleHolder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
