package org.btrfssendbackup.ops.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Generated prose for the benchmark's compressible half: a vocabulary of syllable-built words
 * drawn with a Zipf-like (log-uniform rank) frequency, in sentences and paragraphs. Unlike one
 * repeated block, it compresses the way text does (zstd -3 and gzip -6 both land near 3:1),
 * so compressors get no free ride. Deterministic for a given seed.
 */
final class EnglishLikeText {

    private static final String[] ONSETS = {"", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t",
            "w", "th", "st", "ch", "pr", "tr", "br", "sh", "gr", "pl"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ea", "ou", "ai", "ee", "io"};
    private static final String[] CODAS = {"", "", "n", "r", "s", "t", "nd", "st", "ng", "l", "ck", "rt"};
    private static final int VOCABULARY = 6000;

    private final SplittableRandom random;
    private final byte[][] words = new byte[VOCABULARY][];
    private final byte[][] capitalized = new byte[VOCABULARY][];

    EnglishLikeText(long seed) {
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < VOCABULARY; i++) {
            // frequent words (low ranks) are short, as in real languages
            int syllables = i < 100 ? 1 : 1 + random.nextInt(i < 1000 ? 2 : 4);
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                w.append(pick(ONSETS)).append(pick(VOWELS)).append(pick(CODAS));
            }
            String word = w.toString();
            words[i] = word.getBytes(StandardCharsets.US_ASCII);
            capitalized[i] = (Character.toUpperCase(word.charAt(0)) + word.substring(1))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Writes exactly {@code bytes} bytes of text (the last word may be cut). */
    void write(OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int used = 0;
        long left = bytes;
        int wordsInSentence = 0;
        int sentenceLength = sentenceLength();
        int sentencesInParagraph = 0;
        while (left > 0) {
            byte[] word = wordsInSentence == 0 ? capitalized[rank()] : words[rank()];
            wordsInSentence++;
            byte separator;
            if (wordsInSentence == sentenceLength) {
                wordsInSentence = 0;
                sentenceLength = sentenceLength();
                sentencesInParagraph++;
                separator = '.';
            } else {
                separator = random.nextInt(9) == 0 ? (byte) ',' : 0;
            }
            int needed = word.length + 2;
            if (used + needed > buffer.length) {
                out.write(buffer, 0, used);
                left -= used;
                used = 0;
            }
            System.arraycopy(word, 0, buffer, used, word.length);
            used += word.length;
            if (separator != 0) {
                buffer[used++] = separator;
            }
            boolean paragraphEnds = separator == '.' && sentencesInParagraph >= 4 && random.nextInt(3) == 0;
            if (paragraphEnds) {
                sentencesInParagraph = 0;
            }
            buffer[used++] = paragraphEnds ? (byte) '\n' : (byte) ' ';
            if (used >= left) {
                out.write(buffer, 0, (int) left);
                return;
            }
        }
    }

    private int rank() {
        // log-uniform over 1..VOCABULARY: P(rank r) ~ 1/r, Zipf's law with s = 1
        return (int) Math.exp(random.nextDouble() * Math.log(VOCABULARY)) - 1;
    }

    private int sentenceLength() {
        return 4 + random.nextInt(17);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
