package org.qoeflow.anomaly.nab;

/** NAB application profile: weights of true positives, false negatives and false positives. */
public enum CostProfile {
    STANDARD("standard", 1.0, 1.0, 0.11),
    REWARD_LOW_FP_RATE("reward_low_FP_rate", 1.0, 1.0, 0.22),
    REWARD_LOW_FN_RATE("reward_low_FN_rate", 1.0, 2.0, 0.11);

    private final String label;
    private final double tpWeight;
    private final double fnWeight;
    private final double fpWeight;

    CostProfile(String label, double tpWeight, double fnWeight, double fpWeight) {
        this.label = label;
        this.tpWeight = tpWeight;
        this.fnWeight = fnWeight;
        this.fpWeight = fpWeight;
    }

    /** NAB's name of the profile, e.g. {@code reward_low_FP_rate}. */
    public String label() {
        return label;
    }

    public double tpWeight() {
        return tpWeight;
    }

    public double fnWeight() {
        return fnWeight;
    }

    public double fpWeight() {
        return fpWeight;
    }
}
