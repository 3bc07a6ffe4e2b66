package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;

class QoeFeaturesTest {
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);

    @Test
    void extractsLogLatenciesAndCarriesMissingValuesForward() {
        NodeWindowStats withRequests = new NodeWindowStats();
        withRequests.add(TestTelemetry.request("n", 1, 99, true));
        withRequests.add(TestTelemetry.sample("n", 2, 41));
        double[] first = QoeFeatures.extract(withRequests.toScore(0, 5000, 0, math), null);
        assertThat(first).hasSize(QoeFeatures.dimension());
        assertThat(first[1]).isCloseTo(Math.log1p(99), within(1e-9));
        assertThat(first[3]).isEqualTo(1.0);
        assertThat(first[8]).isEqualTo(41.0);

        NodeWindowStats samplesOnly = new NodeWindowStats();
        samplesOnly.add(TestTelemetry.sample("n", 5001, 43));
        QoeScore s = samplesOnly.toScore(5000, 10000, 0, math);
        double[] second = QoeFeatures.extract(s, first);
        assertThat(second[1]).isEqualTo(first[1]); // no request: latency carried forward
        assertThat(second[8]).isEqualTo(43.0);
        assertThat(QoeFeatures.extract(s, null)[1]).isZero();
    }
}
