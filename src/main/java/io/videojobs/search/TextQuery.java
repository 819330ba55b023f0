package io.videojobs.search;

import io.videojobs.error.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person types in a search box, turned into PostgreSQL {@code tsquery} text that {@code to_tsquery} can
 * always parse: words that must all occur ({@code harbour tour}), phrases whose words occur in that order
 * ({@code "old market"}) and prefixes ({@code light*}). Only letters and digits reach the tsquery, each in quotes,
 * so no input can inject its operators; a query that cannot be read (an unclosed quote, a lone {@code *}, no word at
 * all, too long) is a VALIDATION_ERROR on {@code q} rather than a database error.
 *
 * @param tsquery every term must match: what a job must hold
 * @param anyTerm any term matches: which transcript segments of a matching job to show, and what to mark in them
 */
public record TextQuery(String text, String tsquery, String anyTerm) {

    public static final int MAX_LENGTH = 200;
    static final int MAX_TERMS = 16;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern PART = Pattern.compile("\"([^\"]*)\"|([^\\s\"]+)");

    /** Null for a missing or blank parameter (no text condition), otherwise the parsed query. */
    public static TextQuery parseOptional(String field, String text) {
        return text == null || text.isBlank() ? null : parse(field, text);
    }

    public static TextQuery parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ServiceException.invalid(field, "is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw ServiceException.invalid(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (text.chars().filter(c -> c == '"').count() % 2 != 0) {
            throw ServiceException.invalid(field, "has a quote that is not closed");
        }
        List<String> terms = new ArrayList<>();
        Matcher part = PART.matcher(text);
        while (part.find()) {
            String term = part.group(1) != null ? phrase(field, part.group(1), false) : word(field, part.group(2));
            if (term != null) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            throw ServiceException.invalid(field, "has no word to search for (letters or digits)");
        }
        if (terms.size() > MAX_TERMS) {
            throw ServiceException.invalid(field, "may hold at most " + MAX_TERMS + " words or phrases");
        }
        return new TextQuery(text.strip(), String.join(" & ", terms), String.join(" | ", terms));
    }

    /** A bare word; {@code word*} is a prefix. Punctuation inside it joins its parts as a phrase, as PostgreSQL does. */
    private static String word(String field, String token) {
        boolean prefix = token.endsWith("*");
        String body = prefix ? token.substring(0, token.length() - 1) : token;
        if (body.contains("*")) {
            throw ServiceException.invalid(field, "may use * only at the end of a word, as in light*");
        }
        if (prefix && !WORD.matcher(body).find()) {
            throw ServiceException.invalid(field, "has a * that follows no word");
        }
        return phrase(field, body, prefix);
    }

    private static String phrase(String field, String words, boolean prefix) {
        if (words.contains("*")) {
            throw ServiceException.invalid(field, "may use * only at the end of a word, as in light*");
        }
        List<String> lexemes = new ArrayList<>();
        Matcher word = WORD.matcher(words);
        while (word.find()) {
            lexemes.add("'" + word.group() + "'");
        }
        if (lexemes.isEmpty()) {
            return null;
        }
        if (prefix) {
            int last = lexemes.size() - 1;
            lexemes.set(last, lexemes.get(last) + ":*");
        }
        String joined = String.join(" <-> ", lexemes);
        return lexemes.size() == 1 ? joined : "(" + joined + ")";
    }
}
