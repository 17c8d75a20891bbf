package org.btrfssendbackup.core.config;

/** How many daily, weekly and monthly restore points retention keeps (the seed's KEEP_*). */
public record KeepCounts(int daily, int weekly, int monthly) {

    public static final KeepCounts SEED_DEFAULT = new KeepCounts(7, 4, 12);

    public KeepCounts {
        if (daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("keep counts must not be negative: " + daily + "/" + weekly + "/" + monthly);
        }
    }
}
