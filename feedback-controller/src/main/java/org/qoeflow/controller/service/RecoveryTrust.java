package org.qoeflow.controller.service;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.Scopes;

/**
 * Which records of the control topic a controller resumes from: with a signing key, only those it
 * signed itself (or a key of its trust ring signed) and that are well-formed with a version in [1,
 * {@link VersionLedger#MAX_VERSION}]. Ed25519 signatures are deterministic (RFC 8032), so the
 * controller recognises its own signature by signing the record again, without a public key file.
 * Without a signing key it trusts every well-formed record: whoever can write the topic.
 */
public final class RecoveryTrust {
    /** What {@link #check} found. */
    public enum Verdict {
        ACCEPTED("accepted"),
        UNSIGNED("unsigned"),
        FORGED("forged"),
        TAMPERED("tampered"),
        /** Kind does not match the scope, payload unusable, or a field missing. */
        INVALID("invalid"),
        /** Version outside [1, MAX_VERSION]. */
        VERSION("version"),
        UNDECODABLE("undecodable");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String keyId;
    private final PrivateKey key;
    private final Map<String, PublicKey> ring;

    private RecoveryTrust(String keyId, PrivateKey key, Map<String, PublicKey> ring) {
        this.keyId = keyId;
        this.key = key;
        this.ring = Map.copyOf(ring);
    }

    /** Trusts records signed with {@code key} under {@code keyId}, or by a key of {@code ring}. */
    public static RecoveryTrust signedBy(
            String keyId, PrivateKey key, Map<String, PublicKey> ring) {
        return new RecoveryTrust(keyId, key, ring);
    }

    /** For a controller without a signing key: every well-formed record. */
    public static RecoveryTrust anyWriter() {
        return new RecoveryTrust(null, null, Map.of());
    }

    public boolean requiresSignatures() {
        return key != null;
    }

    public Verdict check(ControlUpdate u) {
        if (key != null) {
            Verdict auth = authenticate(u);
            if (auth != Verdict.ACCEPTED) {
                return auth;
            }
        }
        if (u.getVersion() < 1 || u.getVersion() > VersionLedger.MAX_VERSION) {
            return Verdict.VERSION;
        }
        return wellFormed(u) ? Verdict.ACCEPTED : Verdict.INVALID;
    }

    private Verdict authenticate(ControlUpdate u) {
        if (u.getSignature() == null || u.getKeyId() == null || u.getKeyId().isEmpty()) {
            return Verdict.UNSIGNED;
        }
        if (u.getKeyId().equals(keyId)) {
            ControlUpdate unsigned = ControlUpdate.newBuilder(u).setSignature(null).build();
            ControlUpdate mine = ControlSignatures.sign(unsigned, keyId, key);
            return mine.getSignature().equals(u.getSignature().duplicate())
                    ? Verdict.ACCEPTED
                    : Verdict.TAMPERED;
        }
        return switch (ControlSignatures.verify(u, ring)) {
            case VALID -> Verdict.ACCEPTED;
            case UNSIGNED -> Verdict.UNSIGNED;
            case FORGED -> Verdict.FORGED;
            case TAMPERED -> Verdict.TAMPERED;
        };
    }

    private static boolean wellFormed(ControlUpdate u) {
        String scope = u.getScope();
        if (scope == null || u.getKind() == null || u.getIssuedAt() == null) {
            return false;
        }
        if (scope.startsWith(Scopes.OFFLOAD_PREFIX)) {
            Double t = u.getOffloadThresholdMs();
            return u.getKind() == ControlKind.OFFLOAD_THRESHOLD
                    && t != null
                    && Double.isFinite(t)
                    && t > 0
                    && namesValid(scope.substring(Scopes.OFFLOAD_PREFIX.length()));
        }
        if (scope.startsWith(Scopes.ROUTING_PREFIX)) {
            Map<String, Double> w = u.getRoutingWeights();
            return u.getKind() == ControlKind.ROUTING_WEIGHTS
                    && Identifiers.valid(scope.substring(Scopes.ROUTING_PREFIX.length()))
                    && w != null
                    && w.entrySet().stream()
                            .allMatch(
                                    e ->
                                            Identifiers.valid(e.getKey())
                                                    && e.getValue() != null
                                                    && Double.isFinite(e.getValue())
                                                    && e.getValue() >= 0);
        }
        return false;
    }

    private static boolean namesValid(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 1 && parts.length != 3) {
            return false;
        }
        for (String p : parts) {
            if (!Identifiers.valid(p)) {
                return false;
            }
        }
        return true;
    }
}
