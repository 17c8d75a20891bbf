package org.btrfssendbackup.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The closest known key to a misspelt one, if it is close enough to be a likely typo. */
final class DidYouMean {

    private DidYouMean() {
    }

    static Optional<String> suggest(String unknown, Collection<String> known) {
        String upper = unknown.toUpperCase();
        int limit = Math.max(2, unknown.length() / 4);
        Optional<String> extended = known.stream()
                .filter(k -> upper.length() >= 6 && (k.startsWith(upper) || upper.startsWith(k)))
                .min(Comparator.comparingInt(String::length));
        if (extended.isPresent()) {
            return extended; // e.g. BACKUP_SSH_IDENTITY for BACKUP_SSH_IDENTITY_FILE
        }
        return known.stream()
                .filter(k -> distance(upper, k) <= limit)
                .min(Comparator.comparingInt((String k) -> distance(upper, k)).thenComparing(k -> k));
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
