package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.controller.law.LawOptions;
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

    /**
     * The share of a region x class's devices a rollout reaches (a canary, as in {@code
     * bad-model-rollout.yaml}): the rest stays on the current variant, the cohort's baseline.
     */
    static final double ROLLOUT_SHARE = 0.5;

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
            AnomalyOptions detector,
            long seed) {}

    /** One labelled incident. */
    public record Incident(FaultSpec fault) {
        /**
         * Whether the incident's fault reaches the node of {@code s} (for a rollout: the node is in
         * its region and class; {@link FleetAnomalyEvaluation#judge} also checks the variant).
         */
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

        /**
         * Whether the incident is active in [start, end) or ended at most {@code grace} before. The
         * model applies a fault to the step that ends at its start ({@link FleetModel#step} applies
         * the faults of its end time), so its effect begins one step before it.
         */
        boolean activeIn(long start, long end, long grace) {
            return start < fault.endMs() + grace && end > fault.startMs() - FleetModel.STEP_MS;
        }

        /**
         * Whether {@code s} is an edge device served by the one cloud node this incident breaks (a
         * slow or failing node of its region): its offloaded requests are slower or fail too, so
         * its windows are neither normal nor the incident's own.
         */
        boolean collateral(QoeScore s) {
            return (fault.kind() == FaultKind.SLOW_NODE || fault.kind() == FaultKind.ERROR_BURST)
                    && s.getTier() == Tier.EDGE
                    && s.getRegion().equals(fault.region());
        }
    }

    private final Settings settings;
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<Incident, Long> labelledWindows = new HashMap<>();
    private final IncidentJudge judge;
    private final CohortEvidence cohorts;
    private final ShiftEvidence shifts;

    /** Per rollout, the nodes that reported its variant: they stay its nodes for the grace. */
    private final Map<Incident, java.util.Set<String>> rolledOut = new HashMap<>();

    private long truePositiveAlerts;
    private long falsePositiveAlerts;
    private long normalWindows;
    private long windowsScored;
    private long collateralWindows;
    private long collateralAlerts;

    /**
     * An evaluation that also counts a bad rollout caught when the job's cohort analysis ({@link
     * CohortOptions#DEFAULTS}) FAILs its cohort.
     */
    public FleetAnomalyEvaluation(Settings settings) {
        this.settings = settings;
        this.cohorts =
                new CohortEvidence(
                        CohortOptions.DEFAULTS, settings.windowMillis(), settings.warmupMillis());
        this.shifts =
                new ShiftEvidence(
                        CohortOptions.DEFAULTS, settings.windowMillis(), settings.warmupMillis());
        this.judge = new IncidentJudge(IncidentJudge.Evidence.earliest(cohorts, shifts));
    }

    /** Runs the evaluation, reporting progress as simulated minutes pass. */
    public FleetResult run(Consumer<String> progress) {
        return run(progress, null);
    }

    /** As {@link #run(Consumer)}, describing every false alert to {@code falseAlerts} if given. */
    public FleetResult run(Consumer<String> progress, Consumer<String> falseAlerts) {
        List<FaultSpec> faults = schedule();
        faults.forEach(this::addIncident);
        WindowedScorer scorer =
                new WindowedScorer(settings.windowMillis(), new QoeMath(QoeOptions.DEFAULTS));
        FleetModel model =
                new FleetModel(
                        settings.fleet().withFaults(faults).withSeed(settings.seed()),
                        0,
                        scorer::add);
        LstmDetector detector = new LstmDetector(ModelRegistry.builtInModel(settings.detector()));
        AnomalyStep step = new AnomalyStep();
        Map<String, NodeAnomalyState> states = new HashMap<>();
        for (long t = 0; t < settings.durationMillis(); t += 1000) {
            for (long s = t; s < t + 1000; s += FleetModel.STEP_MS) {
                model.step(s, s + FleetModel.STEP_MS, o -> {});
            }
            List<QoeScore> closed = scorer.advanceTo(t + 1000 - settings.windowMillis() / 2);
            cohorts.observe(closed, incidents);
            shifts.observe(closed, incidents);
            for (QoeScore s : closed) {
                AnomalyScore a =
                        step.score(
                                detector,
                                ModelRegistry.BUILT_IN_VERSION,
                                states.computeIfAbsent(s.getNodeId(), n -> new NodeAnomalyState()),
                                s);
                if (falseAlerts != null) {
                    traceSingleNodeIncident(s, a, falseAlerts);
                }
                if (s.getWindowStart().toEpochMilli() >= settings.warmupMillis()
                        && !judge(s, a.getAlert())
                        && a.getAlert()
                        && falseAlerts != null) {
                    falseAlerts.accept(
                            String.format(
                                    Locale.ROOT,
                                    "false alert %s %s %s at %d s (active: %s): likelihood %.3f raw %.3f threshold %.3f top %s",
                                    s.getNodeId(),
                                    s.getRegion(),
                                    s.getDeviceClass(),
                                    s.getWindowEnd().toEpochMilli() / 1000,
                                    activeKinds(s),
                                    a.getLikelihood(),
                                    a.getRawScore(),
                                    a.getThreshold(),
                                    a.getTopFeatures()));
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

    /**
     * Describes the window of a slow or failing cloud node from a minute before its incident to the
     * end of its grace, to see why it was caught or missed.
     */
    private void traceSingleNodeIncident(QoeScore s, AnomalyScore a, Consumer<String> log) {
        long ws = s.getWindowStart().toEpochMilli();
        for (Incident inc : incidents) {
            if (!IncidentJudge.isGroup(inc.fault().kind())
                    && inc.affects(s)
                    && ws >= inc.fault().startMs() - 60_000
                    && ws < inc.fault().endMs() + 2 * settings.windowMillis()) {
                log.accept(
                        String.format(
                                Locale.ROOT,
                                "cloud window %s at %d s (active: %s): alert %s likelihood %.3f"
                                        + " raw %.3f threshold %.3f p95 %.0f success %.2f top %s",
                                s.getNodeId(),
                                s.getWindowEnd().toEpochMilli() / 1000,
                                activeKinds(s),
                                a.getAlert(),
                                a.getLikelihood(),
                                a.getRawScore(),
                                a.getThreshold(),
                                s.getLatencyP95Ms() == null ? Double.NaN : s.getLatencyP95Ms(),
                                s.getSuccessRate(),
                                a.getTopFeatures()));
                return;
            }
        }
    }

    /** The kinds and places of the incidents active (with the grace) in the window of {@code s}. */
    private String activeKinds(QoeScore s) {
        List<String> out = new ArrayList<>();
        for (Incident inc : incidents) {
            if (inc.activeIn(
                    s.getWindowStart().toEpochMilli(),
                    s.getWindowEnd().toEpochMilli(),
                    2 * settings.windowMillis())) {
                out.add(
                        inc.fault().kind()
                                + "@"
                                + (inc.fault().region() == null ? "*" : inc.fault().region())
                                + "/"
                                + (inc.fault().deviceClass() == null
                                        ? "*"
                                        : inc.fault().deviceClass()));
            }
        }
        return out.isEmpty() ? "none" : String.join(",", out);
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
                                        ROLLOUT_SHARE);
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
        return localEdgeClass(
                settings.fleet(),
                r,
                BAD_MODEL_SLOWDOWN,
                " ms, so a bad model rollout would reach no request");
    }

    /**
     * A random edge class of {@code fleet} whose devices, {@code latencyFactor} times slower, still
     * infer locally below the initial offload threshold; {@code why} ends the error when there is
     * none.
     */
    static String localEdgeClass(Scenario fleet, Random r, double latencyFactor, String why) {
        double threshold = LawOptions.DEFAULTS.offload().thresholdInitialMs();
        List<String> local = new ArrayList<>();
        for (DeviceClassSpec c : fleet.edge().classes()) {
            if (c.share() > 0 && c.latencyMs() * latencyFactor < threshold) {
                local.add(c.name());
            }
        }
        if (local.isEmpty()) {
            throw new IllegalArgumentException(
                    "no edge class infers locally below the offload threshold of "
                            + threshold
                            + why);
        }
        return local.get(r.nextInt(local.size()));
    }

    /** Labels the node-windows {@code f} affects as anomalous. */
    void addIncident(FaultSpec f) {
        incidents.add(new Incident(f));
    }

    /**
     * Counts one scored node-window: anomalous while an incident affecting the node is active in it
     * or ended at most two windows before; collateral (counted apart) when it is an edge device
     * offloading to a broken cloud node then; normal otherwise. Returns whether it is not normal.
     */
    boolean judge(QoeScore s, boolean alert) {
        long ws = s.getWindowStart().toEpochMilli();
        long we = s.getWindowEnd().toEpochMilli();
        long grace = 2 * settings.windowMillis();
        windowsScored++;
        Incident hit = null;
        for (Incident inc : incidents) {
            if (inc.affects(s) && inc.activeIn(ws, we, grace) && rolledOutTo(inc, s)) {
                hit = inc;
                break;
            }
        }
        if (hit == null) {
            for (Incident inc : incidents) {
                if (inc.collateral(s) && inc.activeIn(ws, we, grace)) {
                    collateralWindows++;
                    collateralAlerts += alert ? 1 : 0;
                    return true;
                }
            }
            normalWindows++;
        } else {
            labelledWindows.merge(hit, 1L, Long::sum);
            judge.affected(hit, s.getNodeId());
        }
        if (alert && hit == null) {
            falsePositiveAlerts++;
        } else if (alert) {
            truePositiveAlerts++;
            judge.alert(hit, s.getNodeId(), we);
        }
        return hit != null;
    }

    /** For a rollout, whether the node of {@code s} runs its variant or did during it. */
    private boolean rolledOutTo(Incident inc, QoeScore s) {
        if (inc.fault().kind() != FaultKind.BAD_MODEL_ROLLOUT) {
            return true;
        }
        var nodes = rolledOut.computeIfAbsent(inc, k -> new java.util.HashSet<>());
        if (s.getModelVariant().equals(inc.fault().variant())) {
            nodes.add(s.getNodeId());
        }
        return nodes.contains(s.getNodeId());
    }

    FleetResult result() {
        Map<FaultKind, FleetResult.KindResult> perKind = new EnumMap<>(FaultKind.class);
        List<Double> delays = new ArrayList<>();
        int detected = 0;
        for (Incident inc : incidents) {
            OptionalLong at = judge.caughtAt(inc);
            var one =
                    new FleetResult.KindResult(
                            1,
                            at.isPresent() ? 1 : 0,
                            labelledWindows.getOrDefault(inc, 0L),
                            judge.affectedNodes(inc),
                            judge.alertedNodes(inc));
            perKind.merge(inc.fault().kind(), one, FleetResult.KindResult::plus);
            if (at.isPresent()) {
                detected++;
                delays.add(
                        (at.getAsLong() - inc.fault().startMs())
                                / (double) settings.windowMillis());
            }
        }
        long alerts = truePositiveAlerts + falsePositiveAlerts;
        delays.sort(Double::compare);
        return new FleetResult(
                incidents.size(),
                detected,
                alerts == 0 ? Double.NaN : truePositiveAlerts / (double) alerts,
                incidents.isEmpty() ? Double.NaN : detected / (double) incidents.size(),
                normalWindows == 0 ? Double.NaN : falsePositiveAlerts / (double) normalWindows,
                delays.isEmpty() ? Double.NaN : median(delays),
                windowsScored,
                falsePositiveAlerts,
                truePositiveAlerts,
                normalWindows,
                settings.windowMillis(),
                perKind,
                cohorts.rollouts(incidents, judge),
                cohorts.falseFails(),
                groupChecks(),
                shifts.counts(),
                collateralWindows,
                collateralAlerts);
    }

    /** Per thermal wave and bandwidth collapse: how it was caught, by whom, when. */
    private List<String> groupChecks() {
        List<String> rows = new ArrayList<>();
        for (Incident inc : incidents) {
            if (ShiftEvidence.checks(inc.fault().kind())) {
                OptionalLong byShift = shifts.caughtAt(inc);
                OptionalLong caught = judge.caughtAt(inc);
                rows.add(
                        String.format(
                                Locale.ROOT,
                                "| %s %s at %d | %d of %d | %s | %s | %s |",
                                inc.fault().kind(),
                                inc.fault().region() != null
                                        ? inc.fault().region()
                                        : inc.fault().deviceClass(),
                                inc.fault().startMs() / 1000,
                                judge.alertedNodes(inc),
                                judge.affectedNodes(inc),
                                shifts.coverage(inc),
                                byShift.isPresent()
                                        ? fmt(
                                                (byShift.getAsLong() - inc.fault().startMs())
                                                        / 1000.0)
                                        : "-",
                                caught.isPresent()
                                        ? fmt(
                                                (caught.getAsLong() - inc.fault().startMs())
                                                        / (double) settings.windowMillis())
                                        : "-"));
            }
        }
        return rows;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
