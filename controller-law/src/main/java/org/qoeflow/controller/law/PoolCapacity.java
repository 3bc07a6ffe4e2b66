package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.Map;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;

/**
 * What a region's cloud pool can serve, in requests/s, learnt from what the controller sees: the
 * rate its nodes served while they queued (inflation above the admission cap's closing level: a
 * saturated pool serves at its capacity), per serving node, times the nodes serving now. Unknown
 * (NaN) until the pool has saturated once. While the pool serves near that rate without queueing,
 * the estimate grows by the cap's own reopening step per decision, so an estimate taken on a window
 * the pool was not saturated for all of does not hold the admission low for good.
 */
final class PoolCapacity {
    /**
     * Share of the capacity the law admits offload up to (a saturated pool queues without bound).
     */
    static final double UTILIZATION = 0.9;

    private final LawOptions law;
    private final Map<String, Double> perNode = new HashMap<>();

    PoolCapacity(LawOptions law) {
        this.law = law;
    }

    /**
     * Updates the region's estimate from this round's cloud ({@code servingNodes} fresh nodes) and
     * returns the rate the law may admit onto it (requests/s), NaN while unknown.
     */
    double observe(String region, RegionCloud cloud, int servingNodes) {
        if (servingNodes <= 0 || !(cloud.requests() > 0)) {
            return admissible(region, servingNodes);
        }
        double seconds = law.loop().window().toMillis() / 1000.0;
        double servedPerNode = cloud.requests() / seconds / servingNodes;
        double inflation = cloud.inflation();
        boolean healthy = cloud.successRate() >= law.drain().successFloor();
        Double known = perNode.get(region);
        if (healthy && inflation > law.admission().admitHighInflation()) {
            // The highest rate served while queueing: a window whose inflation is the queue of an
            // earlier one draining serves less than the pool can (cold start: 8/s at inflation
            // 2.1 right after 357/s at 5.1), and an estimate too low holds offload off the pool.
            perNode.merge(region, servedPerNode, Math::max);
        } else if (known != null
                && healthy
                && inflation < law.admission().admitLowInflation()
                && servedPerNode >= UTILIZATION * known * (1 - law.admission().admitIncrease())) {
            perNode.put(region, known * (1 + law.admission().admitIncrease()));
        }
        return admissible(region, servingNodes);
    }

    private double admissible(String region, int servingNodes) {
        Double known = perNode.get(region);
        return known == null || servingNodes <= 0 ? Double.NaN : UTILIZATION * known * servingNodes;
    }
}
