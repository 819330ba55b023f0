package io.videojobs.realtime;

/** A client message that breaks the protocol; answered with {@code VALIDATION_ERROR}, the connection stays open. */
public class InvalidClientMessageException extends RuntimeException {

    public InvalidClientMessageException(String message) {
        super(message, null, false, false);
    }
}
