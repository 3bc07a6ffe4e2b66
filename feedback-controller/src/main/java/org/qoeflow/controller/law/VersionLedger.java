package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.Map;

/** Hands out strictly increasing versions per scope, continuing from recovered ones. */
public final class VersionLedger {
    private final Map<String, Long> last = new HashMap<>();

    /** Records a version seen on the control topic; never moves a scope backwards. */
    public void restore(String scope, long version) {
        last.merge(scope, version, Math::max);
    }

    public long next(String scope) {
        return last.merge(scope, 1L, (old, one) -> old + 1);
    }

    public long latest(String scope) {
        return last.getOrDefault(scope, 0L);
    }

    public Map<String, Long> snapshot() {
        return Map.copyOf(last);
    }
}
