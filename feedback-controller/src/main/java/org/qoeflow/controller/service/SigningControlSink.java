package org.qoeflow.controller.service;

import java.security.PrivateKey;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;

/** Signs every update with the controller's Ed25519 key before handing it on. */
public final class SigningControlSink implements ControlSink {
    private final ControlSink next;
    private final String keyId;
    private final PrivateKey key;

    public SigningControlSink(ControlSink next, String keyId, PrivateKey key) {
        this.next = next;
        this.keyId = keyId;
        this.key = key;
    }

    /** A decorator that signs with {@code key} under {@code keyId}. */
    public static ControlSink.Decorator with(String keyId, PrivateKey key) {
        return sink -> new SigningControlSink(sink, keyId, key);
    }

    @Override
    public void publish(ControlUpdate update) throws Exception {
        next.publish(ControlSignatures.sign(update, keyId, key));
    }

    @Override
    public void close() throws Exception {
        next.close();
    }
}
