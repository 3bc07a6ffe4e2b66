package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.fleet.Fault;
import org.qoeflow.fleet.FleetOptions;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.jobs.anomaly.AnomalyStep;
import org.qoeflow.jobs.anomaly.ModelRegistry;
import org.qoeflow.jobs.anomaly.NodeAnomalyState;
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
            };
        }

        boolean activeIn(long start, long end, long grace) {
            return start < fault.endMillis() + grace && end > fault.startMillis();
        }
    }

    private final Settings settings;
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<Incident, Long> firstAlert = new HashMap<>();
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
        long grace = 2 * settings.windowMillis();
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
                    judge(s, a, grace);
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
        List<String> classes = new ArrayList<>(settings.fleet().classMix().keySet());
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
                                        classes.get(r.nextInt(classes.size())), 25, start, end);
                        case BANDWIDTH_COLLAPSE -> Fault.bandwidthCollapse(region, start, end);
                    };
            sim.injectFault(f);
            incidents.add(new Incident(f));
        }
    }

    private void judge(QoeScore s, AnomalyScore a, long grace) {
        long ws = s.getWindowStart().toEpochMilli();
        long we = s.getWindowEnd().toEpochMilli();
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
        }
        if (!a.getAlert()) {
            return;
        }
        if (hit == null) {
            falsePositiveAlerts++;
        } else {
            truePositiveAlerts++;
            firstAlert.merge(hit, we, Math::min);
        }
    }

    private Result result() {
        Map<Fault.Kind, int[]> perKind = new HashMap<>();
        List<Double> delays = new ArrayList<>();
        for (Incident inc : incidents) {
            int[] c = perKind.computeIfAbsent(inc.fault().kind(), k -> new int[2]);
            c[0]++;
            Long at = firstAlert.get(inc);
            if (at != null) {
                c[1]++;
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
            Map<Fault.Kind, int[]> perKind) {

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
            b.append("| incident kind | injected | detected |\n|---|---|---|\n");
            perKind.forEach((k, c) -> b.append(String.format("| %s | %d | %d |%n", k, c[0], c[1])));
            return b.toString();
        }
    }
}
