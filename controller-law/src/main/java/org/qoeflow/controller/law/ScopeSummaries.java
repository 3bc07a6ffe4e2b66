package org.qoeflow.controller.law;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.qoeflow.schema.OffloadScope;

/**
 * The controller's latest summary of every offload scope (what {@link FleetView} is to per-device
 * scores): a newer summary of a scope replaces the one held.
 */
public final class ScopeSummaries {
    private final Map<OffloadScope, ScopeSummary> latest = new HashMap<>();

    /** Keeps {@code s} unless a summary of a later window is held for its scope. */
    public void observe(ScopeSummary s) {
        latest.merge(s.scope(), s, (held, neu) -> neu.at() >= held.at() ? neu : held);
    }

    /** Forgets scopes with no device whose latest window ended at or after {@code cutoffMillis}. */
    public void evictOlderThan(long cutoffMillis) {
        latest.values().removeIf(s -> s.parts().isEmpty() || s.parts().lastKey() < cutoffMillis);
    }

    /** True if a summary of {@code scope} is held. */
    public boolean holds(OffloadScope scope) {
        return latest.containsKey(scope);
    }

    /** Scopes held. */
    public int size() {
        return latest.size();
    }

    /** Devices summed over the scopes held. */
    public long devices() {
        return latest.values().stream().mapToLong(ScopeSummary::devices).sum();
    }

    /**
     * The summaries by the scope the law decides: as held with {@code regionScopes}, else merged
     * per device class (the class-wide scope); sorted by scope.
     */
    public Map<OffloadScope, ScopeSummary> byScope(boolean regionScopes) {
        Map<OffloadScope, ScopeSummary> out =
                new TreeMap<>(Comparator.comparing(OffloadScope::scope));
        for (ScopeSummary s : latest.values()) {
            OffloadScope key =
                    regionScopes || s.scope().classWide()
                            ? s.scope()
                            : new OffloadScope(null, s.scope().deviceClass(), null);
            out.computeIfAbsent(key, k -> new ScopeSummary(k, s.at())).merge(s);
        }
        return out;
    }

    /**
     * The lowest control version fresh devices report having applied, per offload scope (as {@link
     * FleetView#appliedVersionMin} reports it for edge devices).
     */
    public Map<String, Long> appliedVersionMin(long cutoffMillis, boolean regionScopes) {
        Map<String, Long> out = new HashMap<>();
        byScope(regionScopes)
                .forEach(
                        (scope, s) -> {
                            EdgeSums fresh = s.since(cutoffMillis);
                            if (fresh.devices() > 0) {
                                out.put(scope.scope(), fresh.appliedMin());
                            }
                        });
        return out;
    }
}
