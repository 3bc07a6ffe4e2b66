package org.qoeflow.schema;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

/**
 * Ed25519 signatures of control updates. The signature covers the update's single-object encoding
 * with {@code signature} null and {@code key_id} set, so every field, the key id included, is
 * protected.
 */
public final class ControlSignatures {
    /** What checking an update's signature found. */
    public enum Verdict {
        VALID,
        UNSIGNED,
        /** Signed with a key the fleet does not trust. */
        FORGED,
        /** Signed with a trusted key id, but the content does not match the signature. */
        TAMPERED
    }

    private ControlSignatures() {}

    /** A copy of {@code u} signed with {@code key} under {@code keyId}. */
    public static ControlUpdate sign(ControlUpdate u, String keyId, PrivateKey key) {
        ControlUpdate signed =
                ControlUpdate.newBuilder(u).setKeyId(keyId).setSignature(null).build();
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(Topics.CONTROL.codec().encode(signed));
            signed.setSignature(ByteBuffer.wrap(s.sign()));
            return signed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign control update: " + e.getMessage(), e);
        }
    }

    /** Checks {@code u} against the trusted public keys, by key id. */
    public static Verdict verify(ControlUpdate u, Map<String, PublicKey> trusted) {
        if (u.getSignature() == null || u.getKeyId() == null || u.getKeyId().isEmpty()) {
            return Verdict.UNSIGNED;
        }
        PublicKey key = trusted.get(u.getKeyId());
        if (key == null) {
            return Verdict.FORGED;
        }
        ByteBuffer sig = u.getSignature().duplicate();
        byte[] sigBytes = new byte[sig.remaining()];
        sig.get(sigBytes);
        ControlUpdate unsigned = ControlUpdate.newBuilder(u).setSignature(null).build();
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(Topics.CONTROL.codec().encode(unsigned));
            return s.verify(sigBytes) ? Verdict.VALID : Verdict.TAMPERED;
        } catch (java.security.SignatureException e) {
            return Verdict.TAMPERED; // malformed signature bytes
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify control update: " + e.getMessage(), e);
        }
    }
}
