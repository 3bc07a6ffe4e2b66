package org.qoeflow.cohort;

/** The outcome of comparing one cohort with the rest of its region x device class. */
public enum Verdict {
    PASS,
    /** Not enough evidence either way: a small cohort, or a large but uncertain worsening. */
    MARGINAL,
    FAIL
}
