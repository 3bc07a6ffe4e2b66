package org.qoeflow.anomaly.nab;

import java.util.EnumMap;
import java.util.Map;

/** NAB scores of one detector over a corpus, one entry per cost profile. */
public record NabResult(String detector, Map<CostProfile, ProfileScore> profiles) {

    /** Score of one profile at its corpus-optimal threshold. */
    public record ProfileScore(
            double threshold,
            double rawScore,
            double nullScore,
            double perfectScore,
            double normalizedScore,
            int truePositives,
            int falsePositives,
            int falseNegatives) {}

    public NabResult {
        profiles = new EnumMap<>(profiles);
    }

    public double standard() {
        return profiles.get(CostProfile.STANDARD).normalizedScore();
    }

    public double rewardLowFpRate() {
        return profiles.get(CostProfile.REWARD_LOW_FP_RATE).normalizedScore();
    }

    public double rewardLowFnRate() {
        return profiles.get(CostProfile.REWARD_LOW_FN_RATE).normalizedScore();
    }

    /** Multi-line human-readable summary. */
    public String summary() {
        StringBuilder sb = new StringBuilder("detector " + detector + "\n");
        profiles.forEach(
                (p, s) ->
                        sb.append(
                                String.format(
                                        "  %-20s score %6.2f  threshold %.6f  raw %8.3f  tp %d fp %d"
                                                + " fn %d%n",
                                        p.label(),
                                        s.normalizedScore(),
                                        s.threshold(),
                                        s.rawScore(),
                                        s.truePositives(),
                                        s.falsePositives(),
                                        s.falseNegatives())));
        return sb.toString();
    }
}
