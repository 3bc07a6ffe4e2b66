package org.qoeflow.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import smile.stat.hypothesis.KSTest;

/**
 * Compares, in one window of one region x device class, each model variant's nodes with the nodes
 * of every other variant of that class: a two-sample Kolmogorov-Smirnov test (Smile) per metric,
 * Holm's correction over all variants and metrics of the window, and a minimum cohort size and
 * worsening so that tiny differences on large samples do not fail a cohort. Stateless; {@link
 * VerdictStreaks} turns window verdicts into stable ones.
 */
public final class CohortAnalysis {
    private final CohortOptions options;

    public CohortAnalysis(CohortOptions options) {
        this.options = options;
    }

    public CohortOptions options() {
        return options;
    }

    /**
     * One result per variant present in {@code group} (the samples of one region x device class
     * window; one per node, a later sample of a node id replacing an earlier one), by variant name.
     */
    public List<CohortResult> compare(List<NodeSample> group) {
        Map<String, NodeSample> byNode = new LinkedHashMap<>();
        group.forEach(s -> byNode.put(s.nodeId(), s));
        Map<String, List<NodeSample>> byVariant = new TreeMap<>();
        byNode.values()
                .forEach(
                        s -> byVariant.computeIfAbsent(s.variant(), v -> new ArrayList<>()).add(s));
        if (byVariant.size() < 2) {
            return byVariant.entrySet().stream()
                    .map(e -> alone(e.getKey(), e.getValue().size()))
                    .toList();
        }
        List<String> variants = new ArrayList<>(byVariant.keySet());
        CohortMetric[] metrics = CohortMetric.values();
        MetricComparison[][] raw = new MetricComparison[variants.size()][metrics.length];
        double[] p = new double[variants.size() * metrics.length];
        for (int v = 0; v < variants.size(); v++) {
            List<NodeSample> cohort = byVariant.get(variants.get(v));
            String name = variants.get(v);
            List<NodeSample> rest = new ArrayList<>();
            byVariant.forEach(
                    (other, nodes) -> {
                        if (!other.equals(name)) {
                            rest.addAll(nodes);
                        }
                    });
            for (CohortMetric m : metrics) {
                raw[v][m.ordinal()] = test(m, cohort, rest);
                p[v * metrics.length + m.ordinal()] = raw[v][m.ordinal()].pValue();
            }
        }
        double[] adjusted = Holm.adjust(p);
        List<CohortResult> out = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            List<MetricComparison> compared = new ArrayList<>();
            for (CohortMetric m : metrics) {
                compared.add(
                        raw[v][m.ordinal()].adjusted(adjusted[v * metrics.length + m.ordinal()]));
            }
            int rest = byNode.size() - byVariant.get(variants.get(v)).size();
            out.add(judge(variants.get(v), byVariant.get(variants.get(v)).size(), rest, compared));
        }
        return out;
    }

    private CohortResult alone(String variant, int nodes) {
        return new CohortResult(
                variant, nodes, 0, Verdict.MARGINAL, Double.NaN, List.of(), "no-baseline");
    }

    private MetricComparison test(CohortMetric m, List<NodeSample> cohort, List<NodeSample> rest) {
        double[] x = values(m, cohort);
        double[] y = values(m, rest);
        if (x.length < options.minCohortNodes() || y.length < options.minCohortNodes()) {
            return new MetricComparison(
                    m, x.length, y.length, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double worsening = m.worsening(median(x), median(y));
        KSTest ks = KSTest.test(x, y);
        return new MetricComparison(m, x.length, y.length, ks.d, ks.pvalue, Double.NaN, worsening);
    }

    private CohortResult judge(
            String variant, int cohortNodes, int baselineNodes, List<MetricComparison> compared) {
        long tested = compared.stream().filter(MetricComparison::tested).count();
        if (tested == 0) {
            return new CohortResult(
                    variant,
                    cohortNodes,
                    baselineNodes,
                    Verdict.MARGINAL,
                    Double.NaN,
                    compared,
                    "too-small:min=" + options.minCohortNodes());
        }
        List<String> failed = new ArrayList<>();
        List<String> uncertain = new ArrayList<>();
        for (MetricComparison c : compared) {
            if (c.fails(options)) {
                failed.add(c.metric().label());
            } else if (c.uncertain(options)) {
                uncertain.add(c.metric().label());
            }
        }
        double score = 100.0 * (tested - failed.size()) / tested;
        Verdict v;
        String reason;
        if (!failed.isEmpty()) {
            v = Verdict.FAIL;
            reason = "worse:" + String.join(",", failed);
        } else if (!uncertain.isEmpty()) {
            v = Verdict.MARGINAL;
            reason = "uncertain:" + String.join(",", uncertain);
        } else {
            v = Verdict.PASS;
            reason = "ok";
        }
        return new CohortResult(variant, cohortNodes, baselineNodes, v, score, compared, reason);
    }

    private static double[] values(CohortMetric m, List<NodeSample> nodes) {
        return nodes.stream().mapToDouble(n -> n.value(m)).filter(d -> !Double.isNaN(d)).toArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
