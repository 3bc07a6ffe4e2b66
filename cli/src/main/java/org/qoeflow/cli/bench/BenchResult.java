package org.qoeflow.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** What one bench run measured: its summary line, bench.json and bench.png. */
public record BenchResult(
        int nodes,
        long events,
        String stateBackend,
        boolean scopeSummaries,
        double preloadEps,
        double ceilingEps,
        double decodeEps,
        double pipelineEps,
        double pipelineSeconds,
        double pipelineCpuSeconds,
        List<double[]> pipelineProgress,
        List<Double> controlLatenciesMs,
        int injections,
        long stateBytes,
        Map<String, Long> stateBytesByOperator,
        long heapBytes,
        PipelineRun.Drain flinkRead,
        PipelineRun.Drain flinkDecode,
        Map<String, Object> controlLegs) {

    public double ratio() {
        return pipelineEps / ceilingEps;
    }

    public double controlP50Ms() {
        return percentile(controlLatenciesMs, 0.50);
    }

    public double controlP99Ms() {
        return percentile(controlLatenciesMs, 0.99);
    }

    public double stateBytesPerNode() {
        return (double) stateBytes / nodes;
    }

    public double heapBytesPerNode() {
        return (double) heapBytes / nodes;
    }

    /** Nearest-rank percentile; NaN when nothing was measured. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The run's last line; NaN marks a figure the run did not measure (no loop phase). */
    public String line() {
        return String.format(
                Locale.ROOT,
                "bench: nodes=%d pipeline_eps=%.0f ceiling_eps=%.0f ratio=%.3f decode_eps=%.0f"
                        + " control_p50_ms=%.0f control_p99_ms=%.0f state_bytes_per_node=%.0f",
                nodes,
                pipelineEps,
                ceilingEps,
                ratio(),
                decodeEps,
                controlP50Ms(),
                controlP99Ms(),
                stateBytesPerNode());
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("events", events);
        m.put("state_backend", stateBackend);
        m.put("scope_summaries", scopeSummaries);
        m.put("preload_eps", Math.round(preloadEps));
        m.put("ceiling_eps", Math.round(ceilingEps));
        m.put("decode_eps", Math.round(decodeEps));
        m.put("pipeline_eps", Math.round(pipelineEps));
        m.put("pipeline_seconds", pipelineSeconds);
        m.put("pipeline_cpu_us_per_record", 1e6 * pipelineCpuSeconds / events);
        m.put("flink_read_eps", Math.round(flinkRead.eventsPerSecond()));
        m.put("flink_read_cpu_us_per_record", cpuMicros(flinkRead));
        m.put("flink_decode_eps", Math.round(flinkDecode.eventsPerSecond()));
        m.put("flink_decode_cpu_us_per_record", cpuMicros(flinkDecode));
        m.put("ratio", ratio());
        m.put("ratio_flink_read_to_ceiling", flinkRead.eventsPerSecond() / ceilingEps);
        m.put("ratio_to_flink_decode", pipelineEps / flinkDecode.eventsPerSecond());
        m.put("ratio_to_decode", pipelineEps / decodeEps);
        m.put("control_injections", injections);
        m.put("control_latencies_ms", controlLatenciesMs);
        m.put("control_p50_ms", finiteOrNull(controlP50Ms()));
        m.put("control_p99_ms", finiteOrNull(controlP99Ms()));
        m.put("control_legs", controlLegs);
        m.put("state_bytes", stateBytes);
        m.put("state_bytes_per_node", stateBytesPerNode());
        Map<String, Double> perOperator = new LinkedHashMap<>();
        stateBytesByOperator.forEach((uid, b) -> perOperator.put(uid, (double) b / nodes));
        m.put("state_bytes_per_node_by_operator", perOperator);
        m.put("heap_bytes_per_node", heapBytesPerNode());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("java", System.getProperty("java.version"));
        m.put("line", line());
        return m;
    }

    private static double cpuMicros(PipelineRun.Drain d) {
        return 1e6 * d.cpuSeconds() / Math.max(1, d.records());
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("bench.json").toFile(), json());
        ChartUtils.saveChartAsPNG(dir.resolve("bench.png").toFile(), chart(), 1000, 600);
    }

    /** Records taken in per second over the drain, against the two consumer ceilings. */
    private JFreeChart chart() {
        XYSeries rate = new XYSeries("job: records in per second");
        double[] prev = null;
        for (double[] p : pipelineProgress) {
            if (prev != null && p[0] > prev[0]) {
                rate.add(p[0], (p[1] - prev[1]) / (p[0] - prev[0]));
            }
            prev = p;
        }
        XYSeriesCollection data = new XYSeriesCollection(rate);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis y = new NumberAxis("records/s");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot =
                new XYPlot(data, new NumberAxis("time since the first record (s)"), y, renderer);
        plot.addRangeMarker(marker("bare consumer ceiling", ceilingEps));
        plot.addRangeMarker(marker("consumer + decode", decodeEps));
        plot.addRangeMarker(marker("flink source, no decode", flinkRead.eventsPerSecond()));
        plot.addRangeMarker(marker("flink source + decode", flinkDecode.eventsPerSecond()));
        double top = Math.max(ceilingEps, Math.max(decodeEps, flinkRead.eventsPerSecond()));
        if (rate.getItemCount() > 0) {
            top = Math.max(top, rate.getMaxY());
        }
        y.setUpperBound(top * 1.1);
        return new JFreeChart(
                String.format(
                        Locale.ROOT,
                        "QoEFlow bench: %d nodes, %s state, %.0f events/s (%.2f of the ceiling)",
                        nodes,
                        stateBackend,
                        pipelineEps,
                        ratio()),
                plot);
    }

    private static ValueMarker marker(String label, double value) {
        ValueMarker m = new ValueMarker(value);
        m.setLabel(label);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        m.setStroke(new BasicStroke(1.5f));
        return m;
    }
}
