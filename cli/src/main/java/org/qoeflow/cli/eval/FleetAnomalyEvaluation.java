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
import org.qoeflow.fleet.DeviceClass;
import org.qoeflow.fleet.Fault;
import org.qoeflow.fleet.FleetOptions;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * Replays a simulated fleet with injected, labelled incidents through the job's windowing and
 * anomaly step in-process, and measures precision, recall, false-alarm rate and detection delay.
 */
public final class FleetAnomalyEvaluation {
    /** The edge model variant that bad-model incidents roll out. */
    public static final String BAD_MODEL_VARIANT = "tiny-int3";

    /** Settings of one evaluation run. */
    public record Settings(
            FleetOptions fleet,
            long durationMillis,
            long warmupMillis,
            long incidentEveryMillis,
            long windowMillis,
            double alertMargin,
            long seed) {}

    /** One labelled incident. */
    public record Incident(Fault fault) {
        boolean affects(QoeScore s) {
            return switch (fault.kind()) {
                case SLOW_NODE, ERROR_BURST -> s.getNodeId().equals(fault.target());
                case THERMAL_WAVE ->
                        s.getTier() == Tier.EDGE && s.getDeviceClass().equals(fault.target());
                case BANDWIDTH_COLLAPSE ->
                        s.getTier() == Tier.EDGE && s.getRegion().equals(fault.target());
                case BAD_MODEL_ROLLOUT -> {
                    Fault.RolloutTarget rollout = fault.rolloutTarget();
                    yield s.getTier() == Tier.EDGE
                            && s.getRegion().equals(rollout.region())
                            && s.getDeviceClass().equals(rollout.deviceClass());
                }
            };
        }

        boolean activeIn(long start, long end, long grace) {
            return start < fault.endMillis() + grace && end > fault.startMillis();
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
        FleetSimulator sim = new FleetSimulator(settings.fleet());
        schedule(sim);
        WindowedScorer scorer =
                new WindowedScorer(settings.windowMillis(), new QoeMath(QoeOptions.DEFAULTS));
        LstmDetector detector = new LstmDetector(ModelRegistry.builtInModel());
        AnomalyStep step = new AnomalyStep(settings.alertMargin());
        Map<String, NodeAnomalyState> states = new HashMap<>();
        for (long t = 0; t < settings.durationMillis(); t += 1000) {
            for (Telemetry e : sim.advance(t, t + 1000)) {
                scorer.add(e);
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

    private void schedule(FleetSimulator sim) {
        Random r = new Random(settings.seed());
        List<String> regions = settings.fleet().regions();
        List<DeviceClass> classes = fleetClasses();
        Fault.Kind[] kinds = Fault.Kind.values();
        int i = 0;
        for (long start = settings.warmupMillis();
                start + settings.incidentEveryMillis() <= settings.durationMillis();
                start += settings.incidentEveryMillis()) {
            long end = start + 60_000 + r.nextInt(120_000);
            String region = regions.get(r.nextInt(regions.size()));
            List<String> cloud = sim.cloudNodeIds(region);
            Fault f =
                    switch (kinds[i++ % kinds.length]) {
                        case SLOW_NODE ->
                                Fault.slowNode(cloud.get(r.nextInt(cloud.size())), start, end);
                        case ERROR_BURST ->
                                Fault.errorBurst(cloud.get(r.nextInt(cloud.size())), start, end);
                        case THERMAL_WAVE ->
                                Fault.thermalWave(
                                        classes.get(r.nextInt(classes.size())).label(),
                                        25,
                                        start,
                                        end);
                        case BANDWIDTH_COLLAPSE -> Fault.bandwidthCollapse(region, start, end);
                        case BAD_MODEL_ROLLOUT ->
                                Fault.badModelRollout(
                                        region,
                                        badModelClass(classes, r),
                                        BAD_MODEL_VARIANT,
                                        start,
                                        end);
                    };
            sim.injectFault(f);
            addIncident(f);
        }
    }

    /**
     * The edge classes the fleet has devices of, in declaration order: the class mix is a map whose
     * iteration order changes from one JVM to the next, and the schedule must not.
     */
    private List<DeviceClass> fleetClasses() {
        Map<String, Double> mix = settings.fleet().classMix();
        return DeviceClass.edgeClasses().stream()
                .filter(c -> mix.getOrDefault(c.label(), 0.0) > 0)
                .toList();
    }

    /**
     * A random edge class of the fleet that infers locally, even on the slower bad model, below the
     * default offload threshold: a model on a class that offloads every request never runs, so
     * rolling out a bad one there is no incident.
     */
    private String badModelClass(List<DeviceClass> classes, Random r) {
        double threshold = settings.fleet().defaultOffloadThresholdMs();
        List<String> local = new ArrayList<>();
        for (DeviceClass c : classes) {
            if (c.baseLatencyMs() * Fault.BAD_MODEL_SLOWDOWN < threshold) {
                local.add(c.label());
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
    void addIncident(Fault f) {
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
        Map<Fault.Kind, KindResult> perKind = new EnumMap<>(Fault.Kind.class);
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
                delays.add((at - inc.fault().startMillis()) / (double) settings.windowMillis());
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
            Map<Fault.Kind, KindResult> perKind) {

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
