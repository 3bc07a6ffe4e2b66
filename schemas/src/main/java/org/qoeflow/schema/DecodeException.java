package org.qoeflow.schema;

/** A record's bytes could not be decoded; the message names what was wrong. */
public class DecodeException extends Exception {
    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
