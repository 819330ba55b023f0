package io.videojobs.error;

/** A {@code Range} header that selects no byte of the resource; the answer names the resource's length. */
public class RangeNotSatisfiableException extends ServiceException {

    private final long length;

    public RangeNotSatisfiableException(long length) {
        super(ErrorCode.RANGE_NOT_SATISFIABLE, "The requested range is outside the " + length + " bytes of the resource");
        this.length = length;
    }

    public long length() {
        return length;
    }
}
