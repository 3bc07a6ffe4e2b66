package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.fleet.sim.Scenario.FaultKind;

/**
 * Decides whether, and when, an incident was caught. An incident on one node is caught when that
 * node alerts; a group incident (thermal wave, bandwidth collapse, bad rollout) only when at least
 * half of the nodes it affected alerted, or when extra evidence about the incident (a failing
 * cohort verdict) says so. The catch time of a group incident is the first alert of the node that
 * made it half, or the evidence's time if earlier.
 */
public final class IncidentJudge {

    /** Per-incident evidence besides node alerts, e.g. when its cohort verdict first failed. */
    @FunctionalInterface
    public interface Evidence {
        Evidence NONE = i -> OptionalLong.empty();

        /** When the evidence first showed the incident (epoch millis), if it did. */
        OptionalLong caughtAt(Incident incident);

        /** The earlier of two pieces of evidence. */
        static Evidence earliest(Evidence a, Evidence b) {
            return i -> {
                OptionalLong x = a.caughtAt(i);
                OptionalLong y = b.caughtAt(i);
                if (x.isEmpty() || y.isEmpty()) {
                    return x.isEmpty() ? y : x;
                }
                return OptionalLong.of(Math.min(x.getAsLong(), y.getAsLong()));
            };
        }
    }

    private final Evidence evidence;
    private final Map<Incident, Map<String, Long>> firstAlertByNode = new HashMap<>();
    private final Map<Incident, java.util.Set<String>> affected = new HashMap<>();

    public IncidentJudge(Evidence evidence) {
        this.evidence = evidence;
    }

    /** Whether an incident of this kind hits a group of nodes. */
    public static boolean isGroup(FaultKind kind) {
        return switch (kind) {
            case THERMAL_WAVE,
                    BANDWIDTH_COLLAPSE,
                    BAD_MODEL_ROLLOUT,
                    TELEMETRY_BLACKOUT,
                    REGION_BROWNOUT ->
                    true;
            case SLOW_NODE, ERROR_BURST -> false;
        };
    }

    /** Notes that {@code node}, affected by {@code incident}, was scored in a labelled window. */
    public void affected(Incident incident, String node) {
        affected.computeIfAbsent(incident, k -> new java.util.HashSet<>()).add(node);
    }

    /** Notes an alert of an affected node at {@code windowEnd}. */
    public void alert(Incident incident, String node, long windowEnd) {
        affected(incident, node);
        firstAlertByNode
                .computeIfAbsent(incident, k -> new HashMap<>())
                .merge(node, windowEnd, Math::min);
    }

    public int affectedNodes(Incident incident) {
        return affected.getOrDefault(incident, java.util.Set.of()).size();
    }

    public int alertedNodes(Incident incident) {
        return firstAlertByNode.getOrDefault(incident, Map.of()).size();
    }

    /** When the incident was caught, or empty if it was not. */
    public OptionalLong caughtAt(Incident incident) {
        List<Long> times =
                new ArrayList<>(firstAlertByNode.getOrDefault(incident, Map.of()).values());
        times.sort(Long::compare);
        OptionalLong byAlerts = OptionalLong.empty();
        int needed = isGroup(incident.fault().kind()) ? (affectedNodes(incident) + 1) / 2 : 1;
        if (needed >= 1 && times.size() >= needed) {
            byAlerts = OptionalLong.of(times.get(needed - 1));
        }
        OptionalLong byEvidence = evidence.caughtAt(incident);
        if (byAlerts.isEmpty()) {
            return byEvidence;
        }
        if (byEvidence.isEmpty()) {
            return byAlerts;
        }
        return OptionalLong.of(Math.min(byAlerts.getAsLong(), byEvidence.getAsLong()));
    }
}
