package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Tier;

/**
 * The latest QoE view of every node the controller has heard from recently. One entry per node
 * holds its latest score and the highest control version it reported; the names a score repeats
 * (region, device class, model variant, node id) are shared between the entries, not kept once per
 * node. The entries are also held in a dense list, which the per-round passes walk instead of the
 * hash table (at a million nodes the table walk was a third of a decision round).
 */
public final class FleetView {
    /** Distinct names shared; past this many, further names are kept as they come. */
    static final int MAX_SHARED_NAMES = 4096;

    private static final class Node {
        final String id;
        NodeView latest;
        OffloadScope scope;
        long applied;

        Node(String id) {
            this.id = id;
        }
    }

    private final Map<String, Node> byId = new HashMap<>();
    private final ArrayList<Node> dense = new ArrayList<>();
    private final Map<String, Long> lastAlertAt = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /** Keeps the score if it is newer than what is held for its node. */
    public void observe(QoeScore score) {
        Node n = byId.get(score.getNodeId());
        if (n == null) {
            n = new Node(score.getNodeId());
            byId.put(n.id, n);
            dense.add(n);
        }
        n.applied = Math.max(n.applied, score.getAppliedControlVersion());
        long end = score.getWindowEnd().toEpochMilli();
        if (n.latest == null
                || end > n.latest.windowEnd()
                || (end == n.latest.windowEnd() && score.getRevision() > n.latest.revision())) {
            n.latest = NodeView.of(score, n.id, this::shared);
        }
    }

    /** Remembers when the anomaly model last raised an alert for a node. */
    public void observe(AnomalyScore anomaly) {
        if (anomaly.getAlert()) {
            lastAlertAt.merge(
                    anomaly.getNodeId(), anomaly.getWindowEnd().toEpochMilli(), Math::max);
        }
    }

    private String shared(String name) {
        if (name == null) {
            return null;
        }
        String held = names.get(name);
        if (held != null) {
            return held;
        }
        if (names.size() < MAX_SHARED_NAMES) {
            names.put(name, name);
        }
        return name;
    }

    /** Nodes with an anomaly alert at or after {@code sinceMillis}. */
    public Set<String> alertedSince(long sinceMillis) {
        Set<String> out = new TreeSet<>();
        lastAlertAt.forEach(
                (node, at) -> {
                    if (at >= sinceMillis) {
                        out.add(node);
                    }
                });
        return out;
    }

    /** Forgets nodes whose latest window (or alert) ended before {@code cutoffMillis}. */
    public void evictOlderThan(long cutoffMillis) {
        for (int i = dense.size() - 1; i >= 0; i--) {
            Node n = dense.get(i);
            if (n.latest.windowEnd() < cutoffMillis) {
                Node last = dense.remove(dense.size() - 1);
                if (last != n) {
                    dense.set(
                            i, last); // i's old entry goes; the last (already kept) takes its place
                }
                byId.remove(n.id);
            }
        }
        lastAlertAt.values().removeIf(at -> at < cutoffMillis);
    }

    /** Nodes with a QoE score held. */
    public int size() {
        return dense.size();
    }

    /**
     * Fresh edge nodes grouped by offload scope: region x device class x model variant, or device
     * class alone when {@code regionScopes} is false.
     */
    public Map<OffloadScope, List<NodeView>> edgeByScope(long cutoffMillis, boolean regionScopes) {
        Map<OffloadScope, List<NodeView>> out = new HashMap<>();
        for (int i = 0, size = dense.size(); i < size; i++) {
            Node n = dense.get(i);
            NodeView v = n.latest;
            if (v.tier() == Tier.EDGE && v.windowEnd() >= cutoffMillis) {
                out.computeIfAbsent(scopeOf(n, regionScopes), k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    /**
     * The node's offload scope, kept from the last call while its names stay the same instances
     * (shared names, see {@link #shared}): building and checking one per node and round was a
     * quarter of a round at 100k nodes.
     */
    private static OffloadScope scopeOf(Node n, boolean regionScopes) {
        NodeView v = n.latest;
        OffloadScope s = n.scope;
        if (s == null
                || s.classWide() == regionScopes
                || s.deviceClass() != v.deviceClass()
                || (regionScopes
                        && (s.region() != v.region() || s.modelVariant() != v.modelVariant()))) {
            s =
                    regionScopes
                            ? OffloadScope.of(v.region(), v.deviceClass(), v.modelVariant())
                            : new OffloadScope(null, v.deviceClass(), null);
            n.scope = s;
        }
        return s;
    }

    /** Fresh nodes of a tier, grouped by {@code region} (CLOUD) or device class (EDGE). */
    public Map<String, List<NodeView>> fresh(Tier tier, long cutoffMillis) {
        Map<String, List<NodeView>> out = new HashMap<>();
        for (int i = 0, size = dense.size(); i < size; i++) {
            NodeView v = dense.get(i).latest;
            if (v.tier() == tier && v.windowEnd() >= cutoffMillis) {
                String group = tier == Tier.CLOUD ? v.region() : v.deviceClass();
                out.computeIfAbsent(group, k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    /**
     * The lowest control version fresh nodes report having applied, per scope: offload scopes for
     * edge devices (as {@link #edgeByScope} groups them), routing scopes for cloud nodes.
     */
    public Map<String, Long> appliedVersionMin(long cutoffMillis, boolean regionScopes) {
        Map<OffloadScope, Long> edge = new HashMap<>();
        Map<String, Long> cloud = new HashMap<>();
        for (int i = 0, size = dense.size(); i < size; i++) {
            Node n = dense.get(i);
            NodeView v = n.latest;
            if (v.windowEnd() < cutoffMillis) {
                continue;
            }
            if (v.tier() == Tier.EDGE) {
                edge.merge(scopeOf(n, regionScopes), n.applied, Math::min);
            } else if (v.tier() == Tier.CLOUD) {
                cloud.merge(v.region(), n.applied, Math::min);
            }
        }
        Map<String, Long> out = new HashMap<>();
        edge.forEach((scope, min) -> out.put(scope.scope(), min));
        cloud.forEach((region, min) -> out.put(Scopes.routing(region), min));
        return out;
    }
}
