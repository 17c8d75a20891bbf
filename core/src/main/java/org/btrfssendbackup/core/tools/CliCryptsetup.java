package org.btrfssendbackup.core.tools;

import java.nio.file.Path;
import java.util.Objects;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;

/** {@link Cryptsetup} through the cryptsetup CLI; keys go through stdin only. */
public final class CliCryptsetup implements Cryptsetup {

    private final ProcessRunner runner;
    private final boolean cheapKdf;

    public CliCryptsetup(ProcessRunner runner) {
        this(runner, false);
    }

    private CliCryptsetup(ProcessRunner runner, boolean cheapKdf) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.cheapKdf = cheapKdf;
    }

    /** Formats with {@link CryptsetupArgs#luksFormatWithCheapKdf}: for test volumes only. */
    public static CliCryptsetup withCheapKdfForTests(ProcessRunner runner) {
        return new CliCryptsetup(runner, true);
    }

    @Override
    public void format(Path device, byte[] key) {
        runner.run(cheapKdf ? CryptsetupArgs.luksFormatWithCheapKdf(device) : CryptsetupArgs.luksFormat(device),
                StdinSource.bytes(key));
    }

    @Override
    public void open(Path device, String mappingName, byte[] key) {
        runner.run(CryptsetupArgs.open(device, mappingName), StdinSource.bytes(key));
    }

    @Override
    public void close(String mappingName) {
        runner.run(CryptsetupArgs.close(mappingName));
    }

    @Override
    public boolean keyMatches(Path device, byte[] key) {
        return runner.run(CryptsetupArgs.testKey(device), StdinSource.bytes(key)).exitStatus() == 0;
    }

    @Override
    public boolean isOpen(String mappingName) {
        return runner.run(CryptsetupArgs.status(mappingName)).exitStatus() == 0;
    }
}
