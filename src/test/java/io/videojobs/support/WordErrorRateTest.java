package io.videojobs.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The WER helper against hand-counted edits. */
class WordErrorRateTest {

    @Test
    void identicalTextsHaveNoErrorsWhateverTheCaseAndPunctuation() {
        assertEquals(0.0, WordErrorRate.of("Hello, world.", "hello world"));
    }

    @Test
    void substitutionsDeletionsAndInsertionsEachCountOnce() {
        // reference 4 words; "quick" -> "quack" (S), "brown" deleted (D), "big" inserted (I)
        assertEquals(3 / 4.0, WordErrorRate.of("the quick brown fox", "the quack fox big"), 1e-9);
    }

    @Test
    void anEmptyHypothesisDeletesEveryWord() {
        assertEquals(1.0, WordErrorRate.of("one two three", ""));
    }
}
