package org.qoeflow.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.qoeflow.fleet.FleetMetrics;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;

/**
 * The control state the demo shows: what the fleet applied (so only verified, signed updates),
 * never what the control topic holds, which anyone who can write it may fill; and how many updates
 * the fleet refused, by the reasons of {@code qoeflow_fleet_control_updates_rejected_total}.
 */
record FleetControl(
        Map<String, Long> appliedVersions,
        Map<String, Double> offloadThresholds,
        Set<String> drainedCloudNodes,
        Map<String, Long> rejected) {

    /** From the updates the fleet holds and its count of each outcome. */
    static FleetControl of(
            Map<String, ControlUpdate> held,
            java.util.function.ToLongFunction<Outcome> outcomes,
            long undecodable) {
        Map<String, Long> versions = new TreeMap<>();
        Map<String, Double> thresholds = new TreeMap<>();
        Set<String> drained = new TreeSet<>();
        held.forEach(
                (scope, u) -> {
                    versions.put(scope, u.getVersion());
                    if (u.getOffloadThresholdMs() != null) {
                        thresholds.put(scope, u.getOffloadThresholdMs());
                    }
                    u.getRoutingWeights()
                            .forEach(
                                    (node, w) -> {
                                        if (w == 0.0) {
                                            drained.add(node);
                                        }
                                    });
                });
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (String reason : FleetMetrics.rejectionReasons()) {
            rejected.put(reason, 0L);
        }
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.APPLIED) {
                rejected.put(o.name().toLowerCase(java.util.Locale.ROOT), outcomes.applyAsLong(o));
            }
        }
        rejected.put(FleetMetrics.UNDECODABLE, undecodable);
        return new FleetControl(
                Collections.unmodifiableMap(versions),
                Collections.unmodifiableMap(thresholds),
                Collections.unmodifiableSet(drained),
                Collections.unmodifiableMap(rejected));
    }

    static FleetControl empty() {
        return of(Map.of(), o -> 0, 0);
    }

    /** Versions the fleet holds for each scope the controller published (0 where none). */
    Map<String, Long> appliedFor(Map<String, Long> published) {
        Map<String, Long> m = new TreeMap<>();
        published.keySet().forEach(scope -> m.put(scope, appliedVersions.getOrDefault(scope, 0L)));
        return m;
    }

    /** Lowest version the fleet holds over the scopes the controller published. */
    long appliedMin(Map<String, Long> published) {
        return appliedFor(published).values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /** Updates refused because they were not signed by the trusted controller key. */
    long refusedAsUntrusted() {
        return rejected.get("forged") + rejected.get("tampered") + rejected.get("unsigned");
    }

    /** {@code forged=0 tampered=0 ...}: the non-zero and the security-relevant reasons. */
    String rejectedLine() {
        StringBuilder b = new StringBuilder();
        rejected.forEach(
                (reason, n) -> {
                    boolean security =
                            reason.equals("forged")
                                    || reason.equals("tampered")
                                    || reason.equals("unsigned");
                    if (n > 0 || security) {
                        b.append(reason).append(' ').append(n).append("   ");
                    }
                });
        return b.toString().trim();
    }
}
