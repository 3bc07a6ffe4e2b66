package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;

/**
 * Tuning of the admission cap of {@link OffloadLaw} (AIMD on the cloud's latency inflation);
 * validated at construction.
 *
 * @param admitHighInflation server latency / base service time above which the admission cap closes
 * @param admitLowInflation inflation under which the admission cap reopens
 * @param admitDecrease multiplicative decrease of the admission cap per decision
 * @param admitIncrease additive increase of the admission cap per decision
 * @param minAdmit lowest admission cap
 */
public record AdmissionOptions(
        double admitHighInflation,
        double admitLowInflation,
        double admitDecrease,
        double admitIncrease,
        double minAdmit) {

    public static final AdmissionOptions DEFAULTS = new AdmissionOptions(2.0, 1.5, 0.7, 0.05, 0.1);

    public AdmissionOptions {
        inRange("admitHighInflation", admitHighInflation, 1, 100);
        inRange("admitLowInflation", admitLowInflation, 1, admitHighInflation);
        inRange("admitDecrease", admitDecrease, 0.05, 1);
        inRange("admitIncrease", admitIncrease, 0, 1);
        inRange("minAdmit", minAdmit, 0, 1);
    }
}
