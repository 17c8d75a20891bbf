package org.btrfssendbackup.core.text;

import java.util.Locale;
import java.util.Optional;

/**
 * An enum whose constants are written as lower-case, hyphenated words wherever they leave the
 * JVM: file names, manifests, config values and the SSH protocol ({@code FULL} is "full",
 * {@code ALREADY_STORED} is "already-stored", {@code ENCRYPTED_STREAM} is "encrypted-stream").
 *
 * <p>Why derived from the constant's name, in one place, instead of a token field in every enum:
 * the field, its constructor, its getter and its lookup loop were the same ten lines in seven
 * enums. A renamed constant would change its word, so the formats that carry words are pinned
 * by golden tests (manifests, put-stream and receive replies, config values); those fail first.
 */
public interface WireWord {

    /** Implemented by {@link Enum#name()}. */
    String name();

    /** The word this constant is written as. */
    default String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} written as {@code word}, if any (exact match, case-sensitive). */
    static <E extends Enum<E> & WireWord> Optional<E> find(Class<E> type, String word) {
        for (E constant : type.getEnumConstants()) {
            if (constant.token().equals(word)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
