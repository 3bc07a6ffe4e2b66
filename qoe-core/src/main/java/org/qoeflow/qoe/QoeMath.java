package org.qoeflow.qoe;

/**
 * The QoE formulas: a node's load weight (0 healthy .. 1 saturated or failing) and its QoE index (0
 * bad .. 1 excellent), as documented in README.md.
 */
public final class QoeMath {
    private final QoeOptions options;

    public QoeMath(QoeOptions options) {
        this.options = options;
    }

    public QoeOptions options() {
        return options;
    }

    /** min(p95 / ref, 1) * latencyWeight + (1 - successRate) * failureWeight. */
    public double loadWeight(double latencyP95Ms, double successRate) {
        double latencyTerm = clamp01(latencyP95Ms / options.loadLatencyRefMs());
        return latencyTerm * options.loadLatencyWeight()
                + (1 - clamp01(successRate)) * options.loadFailureWeight();
    }

    /** Response-time term: (1 - min(e2e p95 / bad, 1)) * success rate; failed requests count. */
    public double responseTerm(double latencyP95Ms, double successRate) {
        return (1 - clamp01(latencyP95Ms / options.responseBadMs())) * clamp01(successRate);
    }

    /** Interaction term for nodes with a UI: half frame rate, half absence of jank. */
    public double uiInteractionTerm(double meanFps, double jankRate) {
        return 0.5 * clamp01(meanFps / options.targetFps())
                + 0.5 * (1 - clamp01(jankRate / options.jankBadRate()));
    }

    /** Interaction term for nodes without a UI: responsiveness from the request queue depth. */
    public double queueInteractionTerm(double queueDepth) {
        return 1 - clamp01(queueDepth / options.queueBadDepth());
    }

    /** Media term: half bandwidth (saturating at the good level), half absence of jitter. */
    public double mediaTerm(double bandwidthKbps, double jitterMs) {
        return 0.5 * clamp01(bandwidthKbps / options.bandwidthGoodKbps())
                + 0.5 * (1 - clamp01(jitterMs / options.jitterBadMs()));
    }

    /**
     * Weighted sum of the terms that could be computed; a missing term (NaN) is left out and the
     * remaining weights are renormalized. Returns NaN only when every term is missing.
     */
    public double qoeIndex(double response, double interaction, double media) {
        double sum = 0;
        double weights = 0;
        double[] terms = {response, interaction, media};
        double[] w = {options.responseWeight(), options.interactionWeight(), options.mediaWeight()};
        for (int i = 0; i < terms.length; i++) {
            if (!Double.isNaN(terms[i])) {
                sum += w[i] * terms[i];
                weights += w[i];
            }
        }
        return weights == 0 ? Double.NaN : sum / weights;
    }

    static double clamp01(double v) {
        if (Double.isNaN(v)) {
            return 0;
        }
        return Math.max(0, Math.min(1, v));
    }
}
