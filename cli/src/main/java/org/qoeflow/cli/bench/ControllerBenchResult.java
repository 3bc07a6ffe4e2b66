package org.qoeflow.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one controller bench run measured: per window, the time to take in its scores and the
 * decision's time; the first window is a warm-up (JIT, the view's maps growing) and is left out of
 * the figures when there is more than one.
 */
public record ControllerBenchResult(
        int nodes,
        int nodeIds,
        int windows,
        long windowMs,
        long[] scores,
        long[] anomalies,
        long[] summaries,
        List<Double> ingestMs,
        List<Double> decisionMs,
        long heapBytes,
        long nodesTracked,
        double updates,
        long rejected) {

    private int first() {
        return windows > 1 ? 1 : 0;
    }

    /** QoE scores taken in per second over the counted windows (anomaly scores alongside). */
    public double scoresEps() {
        long n = 0;
        double ms = 0;
        for (int w = first(); w < windows; w++) {
            n += scores[w];
            ms += ingestMs.get(w);
        }
        return n / ms * 1000;
    }

    /** What a window of scores every {@code windowMs} needs. */
    public double neededEps() {
        return (double) scores[windows - 1] / windowMs * 1000;
    }

    /** True if the controller read scope summaries and cloud nodes' scores only. */
    public boolean onSummaries() {
        return summaries != null;
    }

    /** Devices (edge and cloud) whose windows were taken in per second, summed or not. */
    public double devicesEps() {
        double ms = 0;
        for (int w = first(); w < windows; w++) {
            ms += ingestMs.get(w);
        }
        return (double) nodeIds * (windows - first()) / ms * 1000;
    }

    public double decisionP50Ms() {
        return BenchResult.percentile(counted(decisionMs), 0.50);
    }

    public double decisionP99Ms() {
        return BenchResult.percentile(counted(decisionMs), 0.99);
    }

    /** Worst counted window: taking its scores in plus deciding on them. */
    public double worstWindowMs() {
        double worst = 0;
        for (int w = first(); w < windows; w++) {
            worst = Math.max(worst, ingestMs.get(w) + decisionMs.get(w));
        }
        return worst;
    }

    /** True if every counted window was taken in and decided on within one window's time. */
    public boolean keepsUp() {
        return worstWindowMs() <= windowMs;
    }

    public double heapBytesPerNode() {
        return (double) heapBytes / nodes;
    }

    private List<Double> counted(List<Double> all) {
        return all.subList(first(), all.size());
    }

    public String line() {
        return String.format(
                        Locale.ROOT,
                        "bench-controller: nodes=%d scores_eps=%.0f decision_p50_ms=%.0f"
                                + " decision_p99_ms=%.0f heap_bytes_per_node=%.0f keeps_up=%b",
                        nodes,
                        scoresEps(),
                        decisionP50Ms(),
                        decisionP99Ms(),
                        heapBytesPerNode(),
                        keepsUp())
                + (onSummaries()
                        ? String.format(
                                Locale.ROOT, " input=summaries devices_eps=%.0f", devicesEps())
                        : "");
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("node_ids", nodeIds);
        m.put("windows", windows);
        m.put("window_ms", windowMs);
        m.put("scores_per_window", scores);
        m.put("anomaly_scores_per_window", anomalies);
        m.put("input", onSummaries() ? "summaries" : "scores");
        if (onSummaries()) {
            m.put("summaries_per_window", summaries);
            m.put("devices_eps", Math.round(devicesEps()));
        }
        m.put("ingest_ms", ingestMs);
        m.put("decision_ms", decisionMs);
        m.put("scores_eps", Math.round(scoresEps()));
        m.put("needed_eps", Math.round(neededEps()));
        m.put("decision_p50_ms", decisionP50Ms());
        m.put("decision_p99_ms", decisionP99Ms());
        m.put("worst_window_ms", worstWindowMs());
        m.put("keeps_up", keepsUp());
        m.put("heap_bytes", heapBytes);
        m.put("heap_bytes_per_node", heapBytesPerNode());
        m.put("nodes_tracked", nodesTracked);
        m.put("updates_published", updates);
        m.put("scores_rejected", rejected);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("java", System.getProperty("java.version"));
        m.put("line", line());
        return m;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("bench-controller.json").toFile(), json());
    }
}
