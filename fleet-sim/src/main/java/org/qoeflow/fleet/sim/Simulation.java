package org.qoeflow.fleet.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.LawOverrides;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;

/**
 * The discrete-event mode: runs a scenario on simulated time with no Kafka. With the closed-loop
 * policy the fleet's telemetry goes through the QoE job's windowing ({@link WindowedScorer}) into
 * the control law every window, and the decisions are applied to the fleet at once.
 */
public final class Simulation {
    static final long STEP_MS = FleetModel.STEP_MS;
    static final long WINDOW_MS = 5_000;
    static final long BUCKET_MS = 10_000;
    static final double REVERSAL_EPSILON = 0.005;

    /**
     * Options of a run: progress lines, a sink that records the telemetry, and overrides of the
     * closed loop's law options (applied over the scenario's, see {@link #lawOptions}).
     */
    public record Options(
            Consumer<String> progress, Consumer<Telemetry> recorder, LawOverrides law) {
        public static final Options QUIET = new Options(null, null);

        public Options {
            law = law == null ? LawOverrides.NONE : law;
        }

        public Options(Consumer<String> progress, Consumer<Telemetry> recorder) {
            this(progress, recorder, LawOverrides.NONE);
        }
    }

    private final Scenario scenario;
    private final Policy policy;
    private final Options options;
    private final FleetModel model;
    private final SimFleet fleet;
    private final WindowedScorer scorer;
    private final FleetView view = new FleetView();
    private final LawOptions control;
    private final ControlLaw law;
    private final AnomalyLoop anomaly;
    private final VersionLedger versions = new VersionLedger();
    private final Quantiles all;
    private final Quantiles succeeded;
    private final Quantiles bucket;
    private final List<SimResult.Point> series = new ArrayList<>();
    private final List<SimResult.DecisionLog> decisions = new ArrayList<>();
    private final Map<String, Double> lastWeight = new HashMap<>();
    private final Map<String, Double> lastDelta = new HashMap<>();
    private long requests, failures, offloaded, bucketRequests, bucketFailures, bucketOffloaded;
    private double energyMj, nodeMinutes;
    private long reversals, controlUpdates, fallbacks;
    private int maxCloudNodes;

    public Simulation(Scenario scenario, Policy policy, Options options) {
        if (policy instanceof Policy.BestStatic) {
            throw new IllegalArgumentException("best-static is a sweep: use Backtest.bestStatic");
        }
        this.scenario = scenario;
        this.policy = policy;
        this.all = new Quantiles(scenario.seed());
        this.succeeded = new Quantiles(scenario.seed() + 1);
        this.bucket = new Quantiles(~scenario.seed());
        this.options = options;
        boolean closed = policy instanceof Policy.ClosedLoop;
        this.scorer =
                closed ? new WindowedScorer(WINDOW_MS, new QoeMath(QoeOptions.DEFAULTS)) : null;
        Consumer<Telemetry> sink = null;
        if (closed && options.recorder() != null) {
            sink =
                    t -> {
                        scorer.add(t);
                        options.recorder().accept(t);
                    };
        } else if (closed) {
            sink = scorer::add;
        } else if (options.recorder() != null) {
            sink = options.recorder();
        }
        this.model = new FleetModel(scenario, 0, sink);
        this.fleet = model.fleet;
        fleet.oracle = policy instanceof Policy.Oracle;
        if (policy instanceof Policy.MeanOracle m) {
            fleet.meanOracle = true;
            fleet.meanOracleBiasMs = m.biasMs();
        }
        this.control = options.law().applyTo(lawOptions(scenario));
        this.law = closed ? new ControlLaw(control) : null;
        this.anomaly =
                closed ? new AnomalyLoop(scenario, control.drain().anomalyHold().toMillis()) : null;
        initThresholds();
    }

    /**
     * The law's options for a scenario: its SLA and payload, a failed request charged the cloud's
     * request timeout, 5 s windows, region scopes.
     */
    public static LawOptions lawOptions(Scenario s) {
        return LawOptions.DEFAULTS
                .withWindow(java.time.Duration.ofMillis(WINDOW_MS))
                .withSla(s.slaMs(), s.payloadKbit())
                .withFailurePenalty(s.cloud().timeoutMs())
                .withRegionScopes(true);
    }

    private void initThresholds() {
        double[] t = fleet.threshold;
        if (policy instanceof Policy.ClosedLoop) {
            Arrays.fill(t, control.offload().thresholdInitialMs());
        } else if (policy instanceof Policy.Static s) {
            Arrays.fill(t, s.thresholdMs());
        } else if (policy instanceof Policy.EdgeOnly) {
            Arrays.fill(t, Double.POSITIVE_INFINITY);
        } else if (policy instanceof Policy.CloudOnly) {
            Arrays.fill(t, -1);
        } else if (policy instanceof Policy.Naive) {
            for (int r = 0; r < fleet.clouds.length; r++) {
                double mbps = scenario.regions().get(r).bandwidthMeanKbps() / 1000;
                for (int c = 0; c < fleet.edge.classes.length; c++) {
                    DeviceClassSpec cls = fleet.edge.classes[c];
                    double g = scenario.modelGflop();
                    boolean off = g / cls.gflops() - g / (mbps * 10) > scenario.slaMs() / 1000;
                    for (int v = 0; v < fleet.variants.size(); v++) {
                        t[fleet.scope(r, c, v)] = off ? -1 : Double.POSITIVE_INFINITY;
                    }
                }
            }
        }
    }

    /** Runs the whole scenario. */
    public SimResult run() {
        long wallStart = System.nanoTime();
        long duration = scenario.durationMs();
        long nextProgress = duration / 10;
        for (long t0 = 0; t0 < duration; t0 += STEP_MS) {
            long t1 = Math.min(duration, t0 + STEP_MS);
            step(t0, t1);
            if (options.progress() != null && t1 >= nextProgress) {
                options.progress()
                        .accept(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "[%s %s] %3d%% (%d of %d simulated s, %.1f s)",
                                        scenario.name(),
                                        policy.label(),
                                        100 * t1 / duration,
                                        t1 / 1000,
                                        duration / 1000,
                                        (System.nanoTime() - wallStart) / 1e9));
                nextProgress += duration / 10;
            }
        }
        return result((System.nanoTime() - wallStart) / 1e9);
    }

    private void step(long t0, long t1) {
        if (scorer == null) {
            model.step(t0, t1, this::record);
        } else {
            // The scorer's window sketches draw KLL coins: from this run's seed and step only.
            synchronized (Quantiles.RNG_LOCK) {
                Quantiles.reseed(scenario.seed(), -1 - t0 / STEP_MS);
                model.step(t0, t1, this::record);
                if (t1 % WINDOW_MS == 0) {
                    control(t1);
                }
            }
        }
        if (t1 % BUCKET_MS == 0 || t1 == scenario.durationMs()) {
            closeBucket(t1);
        }
    }

    private void record(RequestOutcome o) {
        all.add(o.e2eMs());
        bucket.add(o.e2eMs());
        requests++;
        bucketRequests++;
        energyMj += o.energyMj();
        if (!o.ok()) {
            failures++;
            bucketFailures++;
        } else {
            succeeded.add(o.e2eMs());
        }
        if (o.offloaded()) {
            offloaded++;
            bucketOffloaded++;
        }
    }

    /**
     * Sees every closed-loop decision round: the QoE scores and anomaly scores the law took in
     * since the last round and the decisions it made (before they are applied).
     */
    public interface RoundListener {
        void round(
                long nowMillis,
                List<QoeScore> scores,
                List<AnomalyScore> anomalies,
                List<Decision> decided);
    }

    private RoundListener rounds;

    /** The closed loop's law (null for other policies). */
    ControlLaw law() {
        return law;
    }

    /** Calls {@code listener} at every decision round of the closed loop. */
    public Simulation onRound(RoundListener listener) {
        this.rounds = listener;
        return this;
    }

    private void control(long now) {
        List<QoeScore> scores = scorer.advanceTo(now);
        List<AnomalyScore> anomalies = new ArrayList<>();
        for (QoeScore s : scores) {
            view.observe(s);
            AnomalyScore a = anomaly.score(s, view);
            if (a != null) {
                anomalies.add(a);
            }
        }
        List<Decision> decided = law.decide(view, now);
        if (rounds != null) {
            rounds.round(now, List.copyOf(scores), List.copyOf(anomalies), List.copyOf(decided));
        }
        // The autoscaler scales on the demand the law defers, as the KEDA scaler of deploy/k8s.
        law.offloadDemand()
                .forEach((region, demand) -> model.offerDemand(region, demand.offeredRps()));
        for (Decision d : decided) {
            long version = versions.next(d.scope());
            apply(d, version, now);
            law.markPublished(d, now);
            controlUpdates++;
            if (d.reason().startsWith("fallback")) {
                fallbacks++;
            }
            decisions.add(
                    new SimResult.DecisionLog(
                            now,
                            d.scope(),
                            version,
                            d.offloadThresholdMs(),
                            d.routingWeights(),
                            d.reason()));
        }
    }

    private void apply(Decision d, long version, long now) {
        if (d.kind() == ControlKind.OFFLOAD_THRESHOLD) {
            model.setOffload(d.scope(), d.offloadThresholdMs(), version);
            return;
        }
        String region = d.scope().substring(Scopes.ROUTING_PREFIX.length());
        if (model.setRouting(region, d.routingWeights(), version)) {
            countReversals(region, d.routingWeights());
            anomaly.decided(region, d, now);
        }
    }

    private void countReversals(String region, Map<String, Double> weights) {
        for (var e : weights.entrySet()) {
            String node = e.getKey();
            Double prev = lastWeight.put(node, e.getValue());
            if (prev == null) {
                continue;
            }
            double delta = e.getValue() - prev;
            if (Math.abs(delta) >= REVERSAL_EPSILON) {
                Double last = lastDelta.put(node, delta);
                if (last != null && Math.signum(last) != Math.signum(delta)) {
                    reversals++;
                }
            }
        }
    }

    private void closeBucket(long t1) {
        int nodes = fleet.cloudNodes();
        maxCloudNodes = Math.max(maxCloudNodes, nodes);
        long span =
                t1
                        - (series.isEmpty()
                                ? 0
                                : (long) (series.get(series.size() - 1).seconds() * 1000));
        nodeMinutes += nodes * span / 60_000.0;
        Map<String, Double> thresholds = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < fleet.threshold.length; k++) {
            String cls =
                    fleet.edge.classes[(k / fleet.variants.size()) % fleet.edge.classes.length]
                            .name();
            double t = fleet.threshold[k];
            if (Double.isFinite(t)) {
                thresholds.merge(cls, Math.max(0, t), Double::sum);
                counts.merge(cls, 1, Integer::sum);
            }
        }
        thresholds.replaceAll((c, sum) -> sum / counts.get(c));
        Map<String, Double> weights = new TreeMap<>();
        CloudRegion first = fleet.clouds[0];
        double total = 0;
        for (CloudRegion.Node node : first.nodes) {
            total += lastWeight.getOrDefault(node.id, 1.0 / first.nodes.size());
        }
        for (CloudRegion.Node node : first.nodes) {
            weights.put(
                    node.id, lastWeight.getOrDefault(node.id, 1.0 / first.nodes.size()) / total);
        }
        series.add(
                new SimResult.Point(
                        t1 / 1000.0,
                        bucket.quantile(0.5),
                        bucket.quantile(0.95),
                        bucket.quantile(0.99),
                        bucketRequests == 0 ? 1 : 1 - (double) bucketFailures / bucketRequests,
                        bucketRequests == 0 ? 0 : (double) bucketOffloaded / bucketRequests,
                        nodes,
                        thresholds,
                        law == null
                                ? 1.0
                                : law.admissionCaps().values().stream()
                                        .mapToDouble(Double::doubleValue)
                                        .average()
                                        .orElse(1.0),
                        weights));
        bucket.clear();
        bucketRequests = bucketFailures = bucketOffloaded = 0;
    }

    private SimResult result(double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.name());
        m.put("policy", policy.label());
        m.put("p50_ms", round(all.quantile(0.50)));
        m.put("p95_ms", round(all.quantile(0.95)));
        m.put("p99_ms", round(all.quantile(0.99)));
        m.put("success_rate", round6(requests == 0 ? 1 : 1 - (double) failures / requests));
        m.put("p95_failed_as_slowest_ms", round(p95FailedAsSlowest()));
        m.put("edge_energy_per_request", round(requests == 0 ? 0 : energyMj / requests));
        m.put("offloaded_share", round6(requests == 0 ? 0 : (double) offloaded / requests));
        m.put(
                "weight_reversals_per_node_per_minute",
                round6(nodeMinutes == 0 ? 0 : reversals / nodeMinutes));
        m.put("control_updates", controlUpdates);
        m.put("requests", requests);
        m.put("simulated_s", scenario.durationMs() / 1000);
        m.put("wall_s", round(wallSeconds));
        m.put("cloud_nodes_max", maxCloudNodes);
        m.put("fallback_decisions", fallbacks);
        m.put("anomaly_alerts", anomaly == null ? 0 : anomaly.alerts());
        m.put("anomaly_drains", anomaly == null ? 0 : anomaly.drains());
        m.put("anomaly_false_drains", anomaly == null ? 0 : anomaly.falseDrains());
        m.put("telemetry_dropped", fleet.telemetryDropped);
        m.put("seed", scenario.seed());
        return new SimResult(scenario.name(), policy.label(), m, series, decisions);
    }

    /**
     * p95 with every failed request counted as slower than any success: the succeeded requests'
     * quantile at rank 0.95 / success rate; infinite when more than 5% failed.
     */
    private double p95FailedAsSlowest() {
        if (requests == 0) {
            return Double.NaN;
        }
        double success = 1 - (double) failures / requests;
        return success <= 0.95 ? Double.POSITIVE_INFINITY : succeeded.quantile(0.95 / success);
    }

    private static double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * 100) / 100.0;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
