package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.controller.law.ControlOptions;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Runs the fleet model with injected, labelled incidents through the job's windowing and anomaly
 * step in-process (no controller: devices keep the initial threshold and uniform routing), and
 * measures precision, recall, false-alarm rate and detection delay.
 */
public final class FleetAnomalyEvaluation {
    /** The edge model variant that bad-model incidents roll out. */
    public static final String BAD_MODEL_VARIANT = "tiny-int3";

    /** How much slower and how much more often a bad model's local inferences fail. */
    static final double BAD_MODEL_SLOWDOWN = 1.5;

    static final double BAD_MODEL_FAILURE_RATE = 0.2;

    /** Incident kinds in rotation order: every fault kind the model has except a blackout. */
    static final List<FaultKind> KINDS =
            List.of(
                    FaultKind.THERMAL_WAVE,
                    FaultKind.SLOW_NODE,
                    FaultKind.ERROR_BURST,
                    FaultKind.BANDWIDTH_COLLAPSE,
                    FaultKind.BAD_MODEL_ROLLOUT);

    /** Settings of one evaluation run; {@code fleet}'s own faults are replaced by the incidents. */
    public record Settings(
            Scenario fleet,
            long durationMillis,
            long warmupMillis,
            long incidentEveryMillis,
            long windowMillis,
            double alertMargin,
            long seed) {}

    /** One labelled incident. */
    public record Incident(FaultSpec fault) {
        boolean affects(QoeScore s) {
            boolean edge = s.getTier() == Tier.EDGE;
            boolean region = fault.region() == null || s.getRegion().equals(fault.region());
            boolean cls =
                    fault.deviceClass() == null || s.getDeviceClass().equals(fault.deviceClass());
            return switch (fault.kind()) {
                case SLOW_NODE, ERROR_BURST ->
                        s.getNodeId().equals(FleetModel.cloudNodeId(fault.region(), fault.node()));
                case REGION_BROWNOUT -> !edge && region;
                case THERMAL_WAVE -> edge && cls;
                case BANDWIDTH_COLLAPSE -> edge && region;
                case BAD_MODEL_ROLLOUT -> edge && region && cls;
                case TELEMETRY_BLACKOUT -> region;
            };
        }

        boolean activeIn(long start, long end, long grace) {
            return start < fault.endMs() + grace && end > fault.startMs();
        }
    }

    private final Settings settings;
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<Incident, Long> firstAlert = new HashMap<>();
    private final Map<Incident, Long> labelledWindows = new HashMap<>();
    private final Map<Incident, Set<String>> affectedNodes = new HashMap<>();
    private final Map<Incident, Set<String>> alertedNodes = new HashMap<>();
    private long truePositiveAlerts;
    private long falsePositiveAlerts;
    private long normalWindows;
    private long windowsScored;

    public FleetAnomalyEvaluation(Settings settings) {
        this.settings = settings;
    }

    /** Runs the evaluation, reporting progress as simulated minutes pass. */
    public Result run(Consumer<String> progress) {
        List<FaultSpec> faults = schedule();
        faults.forEach(this::addIncident);
        WindowedScorer scorer =
                new WindowedScorer(settings.windowMillis(), new QoeMath(QoeOptions.DEFAULTS));
        FleetModel model =
                new FleetModel(
                        settings.fleet().withFaults(faults).withSeed(settings.seed()),
                        0,
                        scorer::add);
        LstmDetector detector = new LstmDetector(ModelRegistry.builtInModel());
        AnomalyStep step = new AnomalyStep(settings.alertMargin());
        Map<String, NodeAnomalyState> states = new HashMap<>();
        for (long t = 0; t < settings.durationMillis(); t += 1000) {
            for (long s = t; s < t + 1000; s += FleetModel.STEP_MS) {
                model.step(s, s + FleetModel.STEP_MS, o -> {});
            }
            for (QoeScore s : scorer.advanceTo(t + 1000 - settings.windowMillis() / 2)) {
                AnomalyScore a =
                        step.score(
                                detector,
                                ModelRegistry.BUILT_IN_VERSION,
                                states.computeIfAbsent(s.getNodeId(), n -> new NodeAnomalyState()),
                                s);
                if (s.getWindowStart().toEpochMilli() >= settings.warmupMillis()) {
                    judge(s, a.getAlert());
                }
            }
            if (t % 600_000 == 0 && t > 0) {
                progress.accept(
                        String.format(
                                "simulated %d of %d min",
                                t / 60_000, settings.durationMillis() / 60_000));
            }
        }
        return result();
    }

    /** One incident every {@code incidentEveryMillis} after the warm-up, cycling through KINDS. */
    List<FaultSpec> schedule() {
        Random r = new Random(settings.seed());
        Scenario fleet = settings.fleet();
        List<String> regions = fleet.regions().stream().map(Scenario.Region::name).toList();
        List<String> classes =
                fleet.edge().classes().stream()
                        .filter(c -> c.share() > 0)
                        .map(DeviceClassSpec::name)
                        .toList();
        int nodesPerRegion = fleet.cloud().initialNodes();
        List<FaultSpec> out = new ArrayList<>();
        int i = 0;
        for (long start = settings.warmupMillis();
                start + settings.incidentEveryMillis() <= settings.durationMillis();
                start += settings.incidentEveryMillis()) {
            long end = start + 60_000 + r.nextInt(120_000);
            String region = regions.get(r.nextInt(regions.size()));
            FaultKind kind = KINDS.get(i++ % KINDS.size());
            int node = r.nextInt(nodesPerRegion);
            out.add(
                    switch (kind) {
                        case SLOW_NODE ->
                                new FaultSpec(
                                        kind, start, end, region, node, null, null, 4, 0, 0, 0);
                        case ERROR_BURST ->
                                new FaultSpec(
                                        kind, start, end, region, node, null, null, 1, 0.5, 0, 0);
                        case REGION_BROWNOUT ->
                                new FaultSpec(
                                        kind, start, end, region, -1, null, null, 1, 0.4, 0, 0);
                        case THERMAL_WAVE -> {
                            String cls = classes.get(r.nextInt(classes.size()));
                            yield new FaultSpec(kind, start, end, null, -1, cls, null, 1, 0, 25, 0);
                        }
                        case BANDWIDTH_COLLAPSE ->
                                new FaultSpec(
                                        kind, start, end, region, -1, null, null, 10, 0, 0, 0);
                        case BAD_MODEL_ROLLOUT ->
                                new FaultSpec(
                                        kind,
                                        start,
                                        end,
                                        region,
                                        -1,
                                        badModelClass(r),
                                        BAD_MODEL_VARIANT,
                                        BAD_MODEL_SLOWDOWN,
                                        BAD_MODEL_FAILURE_RATE,
                                        0,
                                        1.0);
                        case TELEMETRY_BLACKOUT -> throw new IllegalStateException("not in KINDS");
                    });
        }
        return out;
    }

    /**
     * A random edge class of the fleet that infers locally, even on the slower bad model, below the
     * initial offload threshold: a model on a class that offloads every request never runs, so
     * rolling out a bad one there is no incident.
     */
    private String badModelClass(Random r) {
        double threshold = ControlOptions.DEFAULTS.thresholdInitialMs();
        List<String> local = new ArrayList<>();
        for (DeviceClassSpec c : settings.fleet().edge().classes()) {
            if (c.share() > 0 && c.latencyMs() * BAD_MODEL_SLOWDOWN < threshold) {
                local.add(c.name());
            }
        }
        if (local.isEmpty()) {
            throw new IllegalArgumentException(
                    "no edge class infers locally below the offload threshold of "
                            + threshold
                            + " ms, so a bad model rollout would reach no request");
        }
        return local.get(r.nextInt(local.size()));
    }

    /** Labels the node-windows {@code f} affects as anomalous. */
    void addIncident(FaultSpec f) {
        incidents.add(new Incident(f));
    }

    /**
     * Counts one scored node-window: anomalous while an incident affecting the node is active in it
     * or ended at most two windows before, normal otherwise.
     */
    void judge(QoeScore s, boolean alert) {
        long ws = s.getWindowStart().toEpochMilli();
        long we = s.getWindowEnd().toEpochMilli();
        long grace = 2 * settings.windowMillis();
        windowsScored++;
        Incident hit = null;
        for (Incident inc : incidents) {
            if (inc.affects(s) && inc.activeIn(ws, we, grace)) {
                hit = inc;
                break;
            }
        }
        if (hit == null) {
            normalWindows++;
        } else {
            labelledWindows.merge(hit, 1L, Long::sum);
            affectedNodes.computeIfAbsent(hit, k -> new HashSet<>()).add(s.getNodeId());
        }
        if (!alert) {
            return;
        }
        if (hit == null) {
            falsePositiveAlerts++;
        } else {
            truePositiveAlerts++;
            alertedNodes.computeIfAbsent(hit, k -> new HashSet<>()).add(s.getNodeId());
            firstAlert.merge(hit, we, Math::min);
        }
    }

    Result result() {
        Map<FaultKind, KindResult> perKind = new EnumMap<>(FaultKind.class);
        List<Double> delays = new ArrayList<>();
        for (Incident inc : incidents) {
            Long at = firstAlert.get(inc);
            var one =
                    new KindResult(
                            1,
                            at == null ? 0 : 1,
                            labelledWindows.getOrDefault(inc, 0L),
                            affectedNodes.getOrDefault(inc, Set.of()).size(),
                            alertedNodes.getOrDefault(inc, Set.of()).size());
            perKind.merge(inc.fault().kind(), one, KindResult::plus);
            if (at != null) {
                delays.add((at - inc.fault().startMs()) / (double) settings.windowMillis());
            }
        }
        long alerts = truePositiveAlerts + falsePositiveAlerts;
        delays.sort(Double::compare);
        return new Result(
                incidents.size(),
                (int) firstAlert.size(),
                alerts == 0 ? Double.NaN : truePositiveAlerts / (double) alerts,
                incidents.isEmpty() ? Double.NaN : firstAlert.size() / (double) incidents.size(),
                normalWindows == 0 ? Double.NaN : falsePositiveAlerts / (double) normalWindows,
                delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2),
                windowsScored,
                falsePositiveAlerts,
                perKind);
    }

    /**
     * Incidents of one kind: how many, how many had an alert, their node-windows labelled
     * anomalous, and over the incidents, the nodes they affected and how many of those had an
     * alert.
     */
    public record KindResult(
            int injected, int detected, long labelledWindows, int affectedNodes, int alertedNodes) {
        KindResult plus(KindResult o) {
            return new KindResult(
                    injected + o.injected,
                    detected + o.detected,
                    labelledWindows + o.labelledWindows,
                    affectedNodes + o.affectedNodes,
                    alertedNodes + o.alertedNodes);
        }
    }

    /** What the evaluation measured. */
    public record Result(
            int incidents,
            int detected,
            double precision,
            double recall,
            double falseAlarmRate,
            double medianDelayWindows,
            long windowsScored,
            long falseAlerts,
            Map<FaultKind, KindResult> perKind) {

        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(
                    String.format(
                            "incidents %d, detected %d%nprecision %.3f  recall %.3f  false-alarm rate %.5f per normal node-window (%d false alerts in %d windows)%nmedian detection delay %.1f windows%n",
                            incidents,
                            detected,
                            precision,
                            recall,
                            falseAlarmRate,
                            falseAlerts,
                            windowsScored,
                            medianDelayWindows));
            b.append(
                    "| incident kind | injected | detected | labelled node-windows | affected"
                            + " nodes alerted |\n");
            b.append("|---|---|---|---|---|\n");
            perKind.forEach(
                    (k, c) ->
                            b.append(
                                    String.format(
                                            "| %s | %d | %d | %d | %d of %d |%n",
                                            k,
                                            c.injected(),
                                            c.detected(),
                                            c.labelledWindows(),
                                            c.alertedNodes(),
                                            c.affectedNodes())));
            return b.toString();
        }
    }
}
