package org.qoeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Collects the demo's time series and writes summary.json and a PNG chart. */
final class DemoReport {
    /** One status tick. */
    record Point(
            double seconds,
            double loadEdge,
            double loadCloud,
            double offloadShare,
            double meanThresholdMs) {}

    private final List<Point> points = new ArrayList<>();

    void add(Point p) {
        points.add(p);
    }

    List<Point> points() {
        return points;
    }

    static Map<String, Object> summary(
            long eventsIn,
            DemoMonitor.Snapshot s,
            Map<String, Long> published,
            FleetControl fleet,
            Map<String, Long> controllerScoresRejected,
            double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration_s", round(seconds));
        m.put("events_in", eventsIn);
        m.put("qoe_scores_out", s.scoresOut());
        m.put("dlq", s.deadLetters());
        m.put("nodes_scored", s.nodesScored());
        m.put("control_version_latest", latest(published));
        m.put("fleet_applied_version_min", fleet.appliedMin(published));
        m.put("p95_latency_ms_edge", round(s.p95EdgeMs()));
        m.put("p95_latency_ms_cloud", round(s.p95CloudMs()));
        m.put("load_weight_edge", round(s.loadWeightEdge()));
        m.put("load_weight_cloud", round(s.loadWeightCloud()));
        m.put("offload_share", round(s.offloadShare()));
        m.put("control_versions_latest", new java.util.TreeMap<>(published));
        m.put("fleet_applied_versions_min", fleet.appliedFor(published));
        m.put("offload_thresholds_ms", fleet.offloadThresholds());
        m.put("anomaly_scores", s.anomalyScores());
        m.put("anomaly_alerts", s.anomalyAlerts());
        m.put("drained_cloud_nodes", fleet.drainedCloudNodes());
        m.put("fleet_control_updates_rejected", fleet.rejected());
        m.put("controller_scores_rejected", controllerScoresRejected);
        return m;
    }

    /** Highest version the controller published over its scopes. */
    static long latest(Map<String, Long> published) {
        return published.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    void write(Path dir, Map<String, Object> summary) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), summary);
        ChartUtils.saveChartAsPNG(dir.resolve("qoe.png").toFile(), chart(), 1000, 700);
    }

    private JFreeChart chart() {
        XYSeries edge = new XYSeries("load weight, edge (mean)");
        XYSeries cloud = new XYSeries("load weight, cloud (mean)");
        XYSeries share = new XYSeries("offload share (edge requests)");
        XYSeries threshold = new XYSeries("offload threshold, mean over classes (ms)");
        for (Point p : points) {
            addIfFinite(edge, p.seconds(), p.loadEdge());
            addIfFinite(cloud, p.seconds(), p.loadCloud());
            addIfFinite(share, p.seconds(), p.offloadShare());
            addIfFinite(threshold, p.seconds(), p.meanThresholdMs());
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("time (s)"));
        plot.add(subplot("load weight", edge, cloud), 1);
        plot.add(subplot("share", share), 1);
        plot.add(subplot("ms", threshold), 1);
        return new JFreeChart("QoEFlow demo: load, offloading and control", plot);
    }

    private static XYPlot subplot(String axis, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis y = new NumberAxis(axis);
        y.setAutoRangeIncludesZero(true);
        return new XYPlot(data, null, y, renderer);
    }

    private static void addIfFinite(XYSeries s, double x, double y) {
        if (Double.isFinite(y)) {
            s.add(x, y);
        }
    }
}
