package org.qoeflow.controller.service;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import org.qoeflow.schema.ControlKeys;

/**
 * The controller's signing identity: the key it signs updates with and the keys whose records it
 * resumes from after a restart. {@link #none()} signs nothing and trusts every writer.
 */
public record ControlSigning(String keyId, PrivateKey key, Map<String, PublicKey> trustRing) {
    public ControlSigning {
        if ((keyId == null) != (key == null)) {
            throw new IllegalArgumentException("keyId and key are both set or both null");
        }
        trustRing = Map.copyOf(trustRing);
    }

    /** Unsigned updates; recovery trusts whoever can write the control topic. */
    public static ControlSigning none() {
        return new ControlSigning(null, null, Map.of());
    }

    /** Signs with the private key file {@code <keyId>.key}, also trusting {@code trustDir}. */
    public static ControlSigning fromFiles(Path privateKey, Path trustDir) {
        return new ControlSigning(
                ControlKeys.keyId(privateKey),
                ControlKeys.privateKey(privateKey),
                trustDir == null ? Map.of() : ControlKeys.trustRing(trustDir));
    }

    public ControlSink.Decorator decorator() {
        return key == null ? ControlSink.Decorator.none() : SigningControlSink.with(keyId, key);
    }

    public RecoveryTrust recoveryTrust() {
        return key == null
                ? RecoveryTrust.anyWriter()
                : RecoveryTrust.signedBy(keyId, key, trustRing);
    }
}
