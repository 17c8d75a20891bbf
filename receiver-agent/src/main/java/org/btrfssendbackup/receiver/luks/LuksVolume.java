package org.btrfssendbackup.receiver.luks;

import org.btrfssendbackup.core.protocol.OpenLuksReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.core.tools.Cryptsetup;
import org.btrfssendbackup.core.tools.CryptsetupArgs;
import org.btrfssendbackup.core.tools.Mounts;
import org.btrfssendbackup.receiver.store.ReceiveFailedException;

/**
 * The LUKS volume of remote-btrfs mode: LUKS_DEVICE opened as /dev/mapper/LUKS_NAME, mounted
 * at LUKS_MOUNT, received snapshots under RECEIVED_ROOT. Its states are "closed" (not mapped,
 * not mounted) and "open" (mapped and mounted); every operation ends in one of them, so a
 * wrong key or a failed mount never leaves a mapping without its mount.
 */
public final class LuksVolume {

    /** Unmounting right after a receive may meet "target is busy" for a moment. */
    private static final int UNMOUNT_ATTEMPTS = 3;
    private static final long UNMOUNT_RETRY_MILLIS = 500;

    private final LuksSettings settings;
    private final Cryptsetup cryptsetup;
    private final Mounts mounts;

    public LuksVolume(LuksSettings settings, Cryptsetup cryptsetup, Mounts mounts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cryptsetup = Objects.requireNonNull(cryptsetup, "cryptsetup");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
    }

    /** The LUKS settings, or a refusal: without LUKS_DEVICE, remote-btrfs is not set up here. */
    public static LuksSettings settingsFor(ReceiverConfig config, String commandWord) {
        return config.luks().orElseThrow(() -> new CommandRefusedException(commandWord
                + ": remote-btrfs is not set up on this backup server (LUKS_DEVICE is not set in "
                + ReceiverConfig.DEFAULT_PATH + ")"));
    }

    public LuksSettings settings() {
        return settings;
    }

    public Path mapperDevice() {
        return Path.of("/dev/mapper", settings.mappingName());
    }

    /**
     * Opens and mounts with the key, which this call consumes (zeroed once cryptsetup has
     * it). Already open and mounted is success after the key was checked against the header:
     * a caller without the right key learns nothing and gets nothing.
     *
     * @throws CommandRefusedException "wrong LUKS key", with nothing opened or mounted
     */
    public OpenLuksReply.Status open(byte[] key) {
        String what = "open-luks " + settings.device();
        boolean mapped = cryptsetup.isOpen(settings.mappingName());
        boolean mounted = isMounted();
        if (mounted && !mapped) {
            throw new ReceiveFailedException(what + ": " + settings.mountPoint() + " is already a mount point but "
                    + mapperDevice() + " is not open; something else is mounted there, refusing to receive into it");
        }
        if (mapped) {
            // opened earlier (an earlier run, or by hand): the key still has to be the right one
            if (!cryptsetup.keyMatches(settings.device(), key)) {
                throw wrongKey();
            }
            if (mounted) {
                prepareReceivedRoot(what);
                return OpenLuksReply.Status.ALREADY_OPEN;
            }
        } else {
            try {
                cryptsetup.open(settings.device(), settings.mappingName(), key);
            } catch (ProcessFailedException e) {
                if (e.reason() == ProcessFailedException.Reason.EXIT_STATUS
                        && e.exitStatus() == CryptsetupArgs.WRONG_KEY) {
                    throw wrongKey();
                }
                throw new ReceiveFailedException(what + ": " + e.getMessage(), e);
            }
        }
        mountOrClose(what);
        return OpenLuksReply.Status.OPENED;
    }

    private CommandRefusedException wrongKey() {
        // the protocol's wording: the producer tells a wrong key from other refusals by it
        return new CommandRefusedException("wrong LUKS key for " + settings.device() + "; nothing opened");
    }

    /** Mounts the open mapping; any failure closes the mapping again (nothing half-open). */
    private void mountOrClose(String what) {
        boolean mountedHere = false;
        try {
            Files.createDirectories(settings.mountPoint());
            mounts.mount(mapperDevice(), settings.mountPoint());
            mountedHere = true;
            prepareReceivedRoot(what);
        } catch (IOException | RuntimeException e) {
            ReceiveFailedException failure = new ReceiveFailedException(what + ": mounting " + mapperDevice()
                    + " at " + settings.mountPoint() + " failed, closed it again: " + e.getMessage(), e);
            try {
                if (mountedHere) {
                    mounts.unmount(settings.mountPoint());
                }
                cryptsetup.close(settings.mappingName());
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** RECEIVED_ROOT inside the mounted volume, created as the seed's setup does (root, 0750). */
    private void prepareReceivedRoot(String what) {
        Path root = settings.receivedRoot();
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        } catch (IOException e) {
            throw new ReceiveFailedException(what + ": cannot create RECEIVED_ROOT " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unmounts and closes whatever of the two is still there; idempotent.
     *
     * @return whether anything was mounted or open
     */
    public boolean close() {
        boolean mounted = isMounted();
        boolean mapped = cryptsetup.isOpen(settings.mappingName());
        if (mounted) {
            unmount();
        }
        if (mapped) {
            cryptsetup.close(settings.mappingName());
        }
        return mounted || mapped;
    }

    private void unmount() {
        for (int attempt = 1; ; attempt++) {
            try {
                mounts.unmount(settings.mountPoint());
                return;
            } catch (ProcessFailedException e) {
                if (attempt >= UNMOUNT_ATTEMPTS) {
                    throw new ReceiveFailedException("close-luks: " + e.getMessage(), e);
                }
                sleep();
            }
        }
    }

    public boolean isMounted() {
        return mounts.isMountPoint(settings.mountPoint());
    }

    /**
     * For receive and prune-received: the volume must be mounted, so plaintext never lands on
     * the unencrypted disk below an empty mount point.
     */
    public void requireMounted(String commandWord) {
        if (!isMounted()) {
            throw new CommandRefusedException(commandWord + ": the LUKS volume is not mounted at "
                    + settings.mountPoint() + " (open-luks first)");
        }
        if (!Files.isDirectory(settings.receivedRoot(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ReceiveFailedException(commandWord + ": RECEIVED_ROOT " + settings.receivedRoot()
                    + " is not a directory on the mounted volume");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(UNMOUNT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
