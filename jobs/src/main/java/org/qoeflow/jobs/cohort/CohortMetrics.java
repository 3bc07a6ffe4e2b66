package org.qoeflow.jobs.cohort;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.qoeflow.cohort.Verdict;

/**
 * Per cohort, under the Flink groups {@code region}, {@code class}, {@code variant} (labels in
 * Prometheus): {@code cohort_verdicts_total} per {@code verdict} and the gauge {@code
 * cohort_failing} (1 while the latest verdict is FAIL). Names come from telemetry, so cohorts
 * beyond {@value #MAX_COHORTS} share the variant label {@value #OTHER}. The group check's verdicts,
 * per {@code region} and {@code class}: {@code cohort_shift_verdicts_total} per {@code verdict} and
 * {@code cohort_shift_failing}; groups beyond {@value #MAX_COHORTS} are not counted apart.
 */
final class CohortMetrics {
    static final String OTHER = "other";
    static final int MAX_COHORTS = 256;

    private final MetricGroup parent;
    private final Map<String, Cohort> cohorts = new HashMap<>();
    private final Map<String, Cohort> groups = new HashMap<>();

    CohortMetrics(MetricGroup parent) {
        this.parent = parent;
    }

    void record(String region, String deviceClass, String variant, Verdict v) {
        String key = region + '/' + deviceClass + '/' + variant;
        Cohort c = cohorts.get(key);
        if (c == null) {
            String label = cohorts.size() < MAX_COHORTS ? variant : OTHER;
            c =
                    cohorts.computeIfAbsent(
                            region + '/' + deviceClass + '/' + label,
                            k ->
                                    new Cohort(
                                            parent.addGroup("region", region)
                                                    .addGroup("class", deviceClass)
                                                    .addGroup("variant", label)));
        }
        c.record(v);
        group(region, deviceClass);
    }

    void recordShift(String region, String deviceClass, Verdict v) {
        Cohort g = group(region, deviceClass);
        if (g != null) {
            g.record(v);
        }
    }

    /**
     * The group check's metrics of a region x class, registered (at 0) with the first verdict of
     * any of its cohorts, so the series exist before the group's first check (a minute in).
     */
    private Cohort group(String region, String deviceClass) {
        String key = region + '/' + deviceClass;
        Cohort g = groups.get(key);
        if (g == null && groups.size() < MAX_COHORTS) {
            g =
                    new Cohort(
                            parent.addGroup("region", region).addGroup("class", deviceClass),
                            "cohort_shift_verdicts_total",
                            "cohort_shift_failing");
            groups.put(key, g);
        }
        return g;
    }

    /** The metrics of one cohort. */
    private static final class Cohort {
        private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
        private volatile int failing;

        Cohort(MetricGroup g) {
            this(g, "cohort_verdicts_total", "cohort_failing");
        }

        Cohort(MetricGroup g, String counter, String gauge) {
            for (Verdict v : Verdict.values()) {
                verdicts.put(
                        v,
                        g.addGroup("verdict", v.name().toLowerCase(java.util.Locale.ROOT))
                                .counter(counter));
            }
            g.gauge(gauge, (Gauge<Integer>) () -> failing);
        }

        void record(Verdict v) {
            verdicts.get(v).inc();
            failing = v == Verdict.FAIL ? 1 : 0;
        }
    }
}
