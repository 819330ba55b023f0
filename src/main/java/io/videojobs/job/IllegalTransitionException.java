package io.videojobs.job;

/** A status change the job or stage state machine does not allow: a bug in the caller, never a client error. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(String what, Enum<?> from, Enum<?> to) {
        super("A " + what + " cannot move from " + from + " to " + to);
    }
}
