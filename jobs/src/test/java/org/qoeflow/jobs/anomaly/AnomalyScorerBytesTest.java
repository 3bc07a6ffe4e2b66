package org.qoeflow.jobs.anomaly;

/** The scorer's tests with each node's detector state kept as bytes (non-heap state backends). */
class AnomalyScorerBytesTest extends AnomalyScorerHarnessTest {
    @Override
    boolean live() {
        return false;
    }
}
