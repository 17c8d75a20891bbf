package org.btrfssendbackup.core.layout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Strings near the name grammars' edges, for properties that compare two checkers of one
 * grammar (core's own, and the copy in messages' Require): edge characters, and lengths around
 * the limits (set component 255, snapshot prefix 200).
 */
public final class NameArbitraries {

    private NameArbitraries() {
    }

    /** Short components from the edge characters, and components around the 255 limit, joined by '/'. */
    public static Arbitrary<String> setLike() {
        Arbitrary<String> component = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ9._-/ \u00e9\u0661").ofMinLength(0).ofMaxLength(6),
                Arbitraries.strings().withChars("ab").ofMinLength(254).ofMaxLength(257));
        return component.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("/", parts));
    }

    /** Prefixes from the edge characters and around the 200 limit, with good and bad stamps. */
    public static Arbitrary<String> snapshotLike() {
        Arbitrary<String> prefix = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ9._-/ \u0661").ofMinLength(0).ofMaxLength(6),
                Arbitraries.strings().withChars("ab-").ofMinLength(198).ofMaxLength(202));
        Arbitrary<String> stamp = Arbitraries.of("-20260131T020500Z", "-20000101T000000Z", "-20261331T020500Z",
                "20260131T020500Z", "-2026013T020500Z", "-20260131T020500z", "--20260131T020500Z",
                "-\u0662\u0660\u0662\u0666\u0660\u0661\u0663\u0661T020500Z");
        return Combinators.combine(prefix, stamp).as(String::concat);
    }
}
