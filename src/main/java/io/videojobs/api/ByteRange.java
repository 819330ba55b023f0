package io.videojobs.api;

import io.videojobs.error.RangeNotSatisfiableException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a resource of known length, from an HTTP {@code Range} header (RFC 9110 section 14).
 * A header this server ignores (absent, another unit, several ranges) gives the whole resource with a 200;
 * a well-formed single range that selects no byte is a 416.
 */
record ByteRange(long start, long end, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** The range to send, or null for the whole resource. */
    static ByteRange parse(String header, long length) {
        if (header == null) {
            return null;
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return null;
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || length == 0) {
                    throw new RangeNotSatisfiableException(length);
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1, length);
            }
            long start = Long.parseLong(matcher.group(1));
            long end = matcher.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(matcher.group(2)), length - 1);
            if (start >= length || end < start) {
                throw new RangeNotSatisfiableException(length);
            }
            return new ByteRange(start, end, length);
        } catch (NumberFormatException e) {
            throw new RangeNotSatisfiableException(length);
        }
    }

    long count() {
        return end - start + 1;
    }

    String contentRange() {
        return "bytes " + start + "-" + end + "/" + length;
    }
}
