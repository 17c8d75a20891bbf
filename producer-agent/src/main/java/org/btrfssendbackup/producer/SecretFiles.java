package org.btrfssendbackup.producer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.btrfssendbackup.core.config.BackupMode;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.producer.remote.LuksKeyFile;

/**
 * The mode's secret file must be usable before anything is done: found now, not after the
 * snapshot. PASSPHRASE_FILE (encrypted-stream) or LUKS_KEY_FILE (remote-btrfs): readable, not
 * empty, private to its owner. Only the verdict leaves this class, never the content.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /** @throws ConfigException naming the key, the file and the problem */
    static void check(ProducerConfig config) {
        if (config.mode() == BackupMode.ENCRYPTED_STREAM) {
            config.passphraseFile().ifPresent(file -> {
                try (Passphrase ignored = Passphrase.fromFile(file)) {
                    // readable, not empty, private: fine
                } catch (IOException | IllegalArgumentException e) {
                    throw problem(config, "PASSPHRASE_FILE", file, e);
                }
            });
        } else {
            config.luksKeyFile().ifPresent(file -> {
                try {
                    Arrays.fill(LuksKeyFile.read(file), (byte) 0);
                } catch (IOException e) {
                    throw problem(config, "LUKS_KEY_FILE", file, e);
                }
            });
        }
    }

    private static ConfigException problem(ProducerConfig config, String key, Path file, Exception e) {
        return new ConfigException(config.origins().getOrDefault(key, file.toString()), 0, key, e.getMessage());
    }
}
