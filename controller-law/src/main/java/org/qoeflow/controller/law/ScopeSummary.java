package org.qoeflow.controller.law;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.qoeflow.schema.OffloadScope;

/**
 * The edge devices of one offload scope as of one window end, summed in parts by each device's
 * latest window end: the controller's freshness cuts (stale after {@link LoopOptions#staleAfter}
 * for the scope's statistics, {@link LoopOptions#staleAfterMillis} for the RTT estimate) then drop
 * whole parts, exactly as they drop devices of the per-device view.
 */
public final class ScopeSummary {
    private final OffloadScope scope;
    private final long at;
    private final TreeMap<Long, EdgeSums> parts = new TreeMap<>();

    /** An empty summary of {@code scope} at window end {@code atMillis}. */
    public ScopeSummary(OffloadScope scope, long atMillis) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
        this.at = atMillis;
    }

    /** Adds a device's latest window (in the part of its window end). */
    public ScopeSummary add(NodeView device, long applied) {
        parts.computeIfAbsent(device.windowEnd(), k -> new EdgeSums()).add(device, applied);
        return this;
    }

    /** Adds (merges) a part of devices whose latest window ended at {@code windowEnd}. */
    public ScopeSummary addPart(long windowEnd, EdgeSums part) {
        parts.merge(windowEnd, part.copy(), EdgeSums::merge);
        return this;
    }

    /** Adds every part of {@code other} (e.g. region scopes into a class-wide one). */
    public ScopeSummary merge(ScopeSummary other) {
        other.parts.forEach(this::addPart);
        return this;
    }

    public OffloadScope scope() {
        return scope;
    }

    /** The window end this summary is of. */
    public long at() {
        return at;
    }

    /** Its parts by window end (read-only). */
    public NavigableMap<Long, EdgeSums> parts() {
        return java.util.Collections.unmodifiableNavigableMap(parts);
    }

    /** The sums of the devices whose latest window ended at or after {@code fromMillis}. */
    public EdgeSums since(long fromMillis) {
        EdgeSums out = new EdgeSums();
        for (Map.Entry<Long, EdgeSums> e : parts.tailMap(fromMillis, true).entrySet()) {
            out.merge(e.getValue());
        }
        return out;
    }

    /** Devices in all parts. */
    public long devices() {
        return parts.values().stream().mapToLong(EdgeSums::devices).sum();
    }

    @Override
    public String toString() {
        return scope + "@" + at + parts.keySet();
    }
}
