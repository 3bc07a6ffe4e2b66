package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out strictly increasing versions per scope, continuing from recovered ones, and never past
 * {@link #MAX_VERSION}: a scope that reaches it refuses further versions instead of wrapping.
 */
public final class VersionLedger {
    /**
     * Highest version ever issued or restored: 2^53, exact in JSON and doubles, and at one update
     * per millisecond more than 280,000 years away; anything above it on the topic is forged.
     */
    public static final long MAX_VERSION = 1L << 53;

    private final Map<String, Long> last = new HashMap<>();

    /** The next version would pass {@link #MAX_VERSION}. */
    public static final class VersionExhaustedException extends IllegalStateException {
        VersionExhaustedException(String scope, long version) {
            super(
                    "scope "
                            + scope
                            + " is at version "
                            + version
                            + ", the highest allowed ("
                            + MAX_VERSION
                            + "): refusing to publish");
        }
    }

    /**
     * Records a version seen on the control topic; never moves a scope backwards.
     *
     * @throws IllegalArgumentException if {@code version} is not in [1, MAX_VERSION]
     */
    public void restore(String scope, long version) {
        if (version < 1 || version > MAX_VERSION) {
            throw new IllegalArgumentException(
                    "version of " + scope + " must be in [1, " + MAX_VERSION + "], was " + version);
        }
        last.merge(scope, version, Math::max);
    }

    /**
     * The next version of {@code scope}.
     *
     * @throws VersionExhaustedException if it would pass {@link #MAX_VERSION}
     */
    public long next(String scope) {
        long current = last.getOrDefault(scope, 0L);
        if (current >= MAX_VERSION) {
            throw new VersionExhaustedException(scope, current);
        }
        long next = Math.addExact(current, 1);
        last.put(scope, next);
        return next;
    }

    public long latest(String scope) {
        return last.getOrDefault(scope, 0L);
    }

    public Map<String, Long> snapshot() {
        return Map.copyOf(last);
    }
}
