package org.qoeflow.router;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qoeflow.fleet.client.ControlClient;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;

/**
 * What the load balancer should be doing: the routing updates in force for the configured regions,
 * accepted through the fleet's own {@link ControlClient} (signature, version ledger, expiry), and
 * the server weights they imply. Knows nothing of sockets; {@link #plan} compares what HAProxy
 * reports with what it should have and lists the changes.
 *
 * <p>A region with no accepted update yet is left as HAProxy's configuration has it. An accepted
 * update stays in force however long the controller is silent: its {@code valid_until} only bounds
 * how late it may first arrive.
 *
 * <p>Thread-safe: the control listener offers while the reconcile loop plans.
 */
public final class RoutingState {
    /** One {@code set server <backend>/<server> weight <weight>} to send. */
    public record Change(ServerRef server, int from, int to) {}

    private final Map<String, Map<String, ServerRef>> regions;
    private final ControlClient client = new ControlClient();
    private final Map<ServerRef, Integer> desired = new TreeMap<>();

    /**
     * Accepts only updates signed by one of {@code trustedKeys}, for the regions in {@code config}.
     */
    public RoutingState(RouterConfig config, Map<String, PublicKey> trustedKeys) {
        this.regions = config.regions();
        client.requireSignatures(trustedKeys);
    }

    /**
     * Offers a decoded update and returns what the client did with it. Updates of other scopes
     * (offload, regions not configured) go through the same checks but change no weight.
     */
    public synchronized Outcome offer(ControlUpdate u, long nowMillis) {
        Outcome outcome = client.offer(u, nowMillis);
        String region = region(u);
        if (outcome == Outcome.APPLIED && region != null) {
            desired.putAll(HaproxyWeights.of(client.routingWeights(region), regions.get(region)));
        }
        return outcome;
    }

    /** Whether {@code u} is a routing update of a configured region. */
    public boolean routes(ControlUpdate u) {
        return region(u) != null;
    }

    private String region(ControlUpdate u) {
        String scope = u == null ? null : u.getScope();
        if (scope == null || !scope.startsWith(Scopes.ROUTING_PREFIX)) {
            return null;
        }
        String region = scope.substring(Scopes.ROUTING_PREFIX.length());
        return regions.containsKey(region) ? region : null;
    }

    /** The version in force for {@code region}; 0 before the first accepted update. */
    public synchronized long appliedVersion(String region) {
        return client.appliedVersion(Scopes.routing(region));
    }

    /** The weight every server should have now; servers of regions without an update are absent. */
    public synchronized Map<ServerRef, Integer> desired() {
        return Map.copyOf(desired);
    }

    /**
     * The changes that bring {@code observed} (server to weight, as HAProxy reports them) to the
     * desired weights. A desired server HAProxy does not report is in {@code missing}.
     */
    public synchronized List<Change> plan(
            Map<ServerRef, Integer> observed, List<ServerRef> missing) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<ServerRef, Integer> d : desired.entrySet()) {
            Integer now = observed.get(d.getKey());
            if (now == null) {
                missing.add(d.getKey());
            } else if (now.intValue() != d.getValue()) {
                changes.add(new Change(d.getKey(), now, d.getValue()));
            }
        }
        return changes;
    }
}
