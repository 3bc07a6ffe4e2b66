package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.qoe.EarlyScoreRule;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

/**
 * The window operator's partial-score rule ({@link EarlyScoreRule}) on the fleet model with the
 * labelled incidents of {@code anomaly fleet-eval} ({@link FleetAnomalyEvaluation#schedule}), for
 * several settings at once: per setting, how many healthy node-windows got a partial score (false
 * early firings), and per incident kind how many of the node-windows it degraded did, how many of
 * the windows the incident started in and of the windows after those (where a fault that began too
 * late in its first window to show is caught), and how long before its window's end a true one
 * came. A partial score is <em>actionable</em> when its success rate is under the controller's
 * success floor ({@link LawOptions#DEFAULTS}): only then is a cloud node's partial score an urgent
 * decision, so only then does it shorten the control loop.
 */
public final class EarlyScoreEvaluation {
    /**
     * One setting: {@link QoeOptions#earlyScoreAlpha} and {@link QoeOptions#earlyScoreMinRequests}.
     */
    public record Setting(double alpha, int minRequests) {
        EarlyScoreRule rule() {
            return new EarlyScoreRule(
                    QoeOptions.DEFAULTS.withOverrides(
                            Map.of(
                                    "earlyScoreAlpha", Double.toString(alpha),
                                    "earlyScoreMinRequests", Integer.toString(minRequests))));
        }
    }

    /** Counts of one incident kind under one setting. */
    public static final class KindCounts {
        public long windows;
        public long windowsWithPartial;
        public long firstWindows;
        public long firstWindowsWithPartial;
        public long secondWindows;
        public long secondWindowsWithPartial;
        public long firstWindowsActionable;
        public long secondWindowsActionable;
        public final List<Double> leadMs = new ArrayList<>();

        /** Per incident seen, ms from its start to its first actionable partial score, or null. */
        public final Map<Incident, Long> toActionable = new HashMap<>();
    }

    /** What one setting did over one run. */
    public static final class Result {
        public final Setting setting;
        public long healthyWindows;
        public long falsePartials;
        public long collateralWindows;
        public long collateralPartials;
        public final Map<FaultKind, KindCounts> kinds = new EnumMap<>(FaultKind.class);

        Result(Setting setting) {
            this.setting = setting;
        }
    }

    private final FleetAnomalyEvaluation.Settings settings;
    private final List<Setting> grid;
    private final List<EarlyScoreRule> rules = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<String, Node> nodes = new HashMap<>();
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
    private final double floor = LawOptions.DEFAULTS.drain().successFloor();

    /** A node's current and previous window, and when each setting fired in the current one. */
    private final class Node {
        long start = Long.MIN_VALUE;
        NodeWindowStats current;
        NodeWindowStats previous;
        final long[] firedAt = new long[grid.size()];
        final boolean[] underFloor = new boolean[grid.size()];
    }

    public EarlyScoreEvaluation(FleetAnomalyEvaluation.Settings settings, List<Setting> grid) {
        this.settings = settings;
        this.grid = List.copyOf(grid);
        for (Setting s : grid) {
            rules.add(s.rule());
            results.add(new Result(s));
        }
    }

    /** Runs the model for the settings' duration; one result per setting, in grid order. */
    public List<Result> run() {
        List<FaultSpec> faults = new FleetAnomalyEvaluation(settings).schedule();
        faults.forEach(f -> incidents.add(new Incident(f)));
        FleetModel model =
                new FleetModel(
                        settings.fleet().withFaults(faults).withSeed(settings.seed()),
                        0,
                        this::add);
        for (long t = 0; t < settings.durationMillis(); t += FleetModel.STEP_MS) {
            model.step(t, t + FleetModel.STEP_MS, o -> {});
        }
        return results;
    }

    private void add(Telemetry t) {
        long time = t.getEventTime().toEpochMilli();
        long window = settings.windowMillis();
        long start = NodeWindows.startOf(time, window);
        Node n = nodes.computeIfAbsent(t.getNodeId(), k -> new Node());
        if (start < n.start) {
            return; // the model emits a node's events in time order; nothing to do if not
        }
        if (start > n.start) {
            if (n.current != null) {
                close(n);
            }
            n.previous = start == n.start + window ? n.current : null;
            n.current = new NodeWindowStats();
            n.start = start;
            java.util.Arrays.fill(n.firedAt, Long.MIN_VALUE);
        }
        long failuresBefore = n.current.failures();
        n.current.add(t);
        if (!(t.getPayload() instanceof RequestFact) || n.current.failures() == failuresBefore) {
            // only a new failure can make the window significantly worse; the minimum count
            // reached on a success is caught at the next failure, a few requests later at most
            return;
        }
        for (int c = 0; c < rules.size(); c++) {
            if (n.firedAt[c] == Long.MIN_VALUE && rules.get(c).degraded(n.current, n.previous)) {
                n.firedAt[c] = time;
                n.underFloor[c] = n.current.successRate() < floor;
            }
        }
    }

    private void close(Node n) {
        long start = n.start;
        long end = start + settings.windowMillis();
        if (start < settings.warmupMillis()) {
            return;
        }
        QoeScore s = n.current.toScore(start, end, 0, math);
        Incident hit = null;
        boolean collateral = false;
        for (Incident inc : incidents) {
            if (!inc.activeIn(start, end, 0)) {
                continue;
            }
            if (inc.affects(s)
                    && (inc.fault().kind() != FaultKind.BAD_MODEL_ROLLOUT
                            || inc.fault().variant().equals(s.getModelVariant()))) {
                hit = inc;
            } else if (inc.collateral(s)) {
                collateral = true;
            }
        }
        for (int c = 0; c < results.size(); c++) {
            Result r = results.get(c);
            boolean fired = n.firedAt[c] != Long.MIN_VALUE;
            if (hit != null) {
                KindCounts k = r.kinds.computeIfAbsent(hit.fault().kind(), x -> new KindCounts());
                k.windows++;
                long w = settings.windowMillis();
                long from = hit.fault().startMs();
                boolean first = from >= start && from < end;
                boolean second = from >= start - w && from < start;
                if (first) {
                    k.firstWindows++;
                }
                boolean actionable = fired && n.underFloor[c];
                if (second) {
                    k.secondWindows++;
                    k.secondWindowsWithPartial += fired ? 1 : 0;
                    k.secondWindowsActionable += actionable ? 1 : 0;
                }
                if (first) {
                    k.firstWindowsActionable += actionable ? 1 : 0;
                }
                if (first || second) {
                    Long was = k.toActionable.get(hit);
                    long delay = n.firedAt[c] - hit.fault().startMs();
                    if (actionable && (was == null || delay < was)) {
                        k.toActionable.put(hit, delay);
                    } else if (!k.toActionable.containsKey(hit)) {
                        k.toActionable.put(hit, null);
                    }
                }
                if (fired) {
                    k.windowsWithPartial++;
                    k.leadMs.add((double) (end - n.firedAt[c]));
                    if (first) {
                        k.firstWindowsWithPartial++;
                    }
                }
            } else if (collateral) {
                r.collateralWindows++;
                r.collateralPartials += fired ? 1 : 0;
            } else {
                r.healthyWindows++;
                r.falsePartials += fired ? 1 : 0;
            }
        }
    }
}
