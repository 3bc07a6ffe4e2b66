package org.qoeflow.fleet.client;

import java.security.PublicKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;

/**
 * Reference client of the control protocol: keeps the newest valid {@link ControlUpdate} per scope
 * and ignores duplicates and replays of older versions, expired updates and, once signatures are
 * required, unsigned, forged and tampered ones; each kind is counted.
 *
 * <p>Not thread-safe; callers synchronize.
 */
public final class ControlClient {

    /** What {@link #offer} did with an update. */
    public enum Outcome {
        /** Newer than the held version and still valid: now in force. */
        APPLIED,
        /** Same version as the one held (redelivery). */
        DUPLICATE,
        /** Older than the one held (reordering or compaction replay). */
        STALE,
        /** Newer, but {@code valid_until} had passed when it arrived. */
        EXPIRED,
        /** Kind does not match the scope, or the payload is unusable (e.g. no threshold). */
        INVALID,
        /** Signatures are required and the update carries none. */
        UNSIGNED,
        /** Signed with a key the fleet does not trust. */
        FORGED,
        /** Signed under a trusted key id, but the content does not match the signature. */
        TAMPERED
    }

    private final Map<String, ControlUpdate> held = new HashMap<>();
    private Map<String, PublicKey> trusted;

    /**
     * From now on, accept only updates signed by one of these keys (by key id). Without this the
     * client trusts whoever can write the control topic: use it for in-process simulation only.
     */
    public void requireSignatures(Map<String, PublicKey> trustedKeys) {
        if (trustedKeys == null || trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key is required");
        }
        this.trusted = Map.copyOf(trustedKeys);
    }

    private final EnumMap<Outcome, Long> counts = new EnumMap<>(Outcome.class);

    /** Applies {@code u} if it is well-formed, newer than the held version and not yet expired. */
    public Outcome offer(ControlUpdate u, long nowMillis) {
        Outcome outcome = classify(u, nowMillis);
        if (outcome == Outcome.APPLIED) {
            held.put(u.getScope(), ControlUpdate.newBuilder(u).build());
        }
        counts.merge(outcome, 1L, Long::sum);
        return outcome;
    }

    private Outcome classify(ControlUpdate u, long nowMillis) {
        if (trusted != null && u != null) {
            // Authenticity first: nothing about an unauthenticated update is worth checking.
            switch (ControlSignatures.verify(u, trusted)) {
                case UNSIGNED:
                    return Outcome.UNSIGNED;
                case FORGED:
                    return Outcome.FORGED;
                case TAMPERED:
                    return Outcome.TAMPERED;
                case VALID:
                    break;
            }
        }
        if (!wellFormed(u)) {
            return Outcome.INVALID;
        }
        long current = appliedVersion(u.getScope());
        if (u.getVersion() == current) {
            return Outcome.DUPLICATE;
        }
        if (u.getVersion() < current) {
            return Outcome.STALE;
        }
        return nowMillis < u.getValidUntil().toEpochMilli() ? Outcome.APPLIED : Outcome.EXPIRED;
    }

    private static boolean wellFormed(ControlUpdate u) {
        if (u == null || u.getScope() == null || u.getValidUntil() == null || u.getVersion() <= 0) {
            return false;
        }
        String scope = u.getScope();
        if (scope.startsWith(Scopes.OFFLOAD_PREFIX)) {
            Double t = u.getOffloadThresholdMs();
            return u.getKind() == ControlKind.OFFLOAD_THRESHOLD
                    && t != null
                    && Double.isFinite(t)
                    && t > 0;
        }
        if (scope.startsWith(Scopes.ROUTING_PREFIX)) {
            return u.getKind() == ControlKind.ROUTING_WEIGHTS
                    && u.getRoutingWeights() != null
                    && u.getRoutingWeights().values().stream()
                            .allMatch(w -> w != null && Double.isFinite(w) && w >= 0);
        }
        return false;
    }

    /** How many offers ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }

    /** The version in force for {@code scope}; 0 if none was ever applied. */
    public long appliedVersion(String scope) {
        ControlUpdate u = held.get(scope);
        return u == null ? 0L : u.getVersion();
    }

    /** The update in force for {@code scope}, if any. */
    public Optional<ControlUpdate> held(String scope) {
        return Optional.ofNullable(held.get(scope));
    }

    /** Every update in force, by scope; a copy. */
    public Map<String, ControlUpdate> heldUpdates() {
        Map<String, ControlUpdate> out = new HashMap<>();
        held.forEach((scope, u) -> out.put(scope, ControlUpdate.newBuilder(u).build()));
        return out;
    }

    /** The offload threshold in force for an edge device class, if the controller set one. */
    public Optional<Double> offloadThresholdMs(String deviceClass) {
        ControlUpdate u = held.get(Scopes.offload(deviceClass));
        return u == null ? Optional.empty() : Optional.ofNullable(u.getOffloadThresholdMs());
    }

    /** Cloud node id to traffic share in force for a region; empty when none was set. */
    public Map<String, Double> routingWeights(String region) {
        ControlUpdate u = held.get(Scopes.routing(region));
        return u == null ? Map.of() : Collections.unmodifiableMap(u.getRoutingWeights());
    }
}
