package org.qoeflow.fleet.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.QoeScore;

/**
 * Runs the control law over recorded telemetry (a {@link TelemetryLog}) on event time: the same
 * windowing and scoring as the job, a decision round at every window end, and the decisions it
 * would have taken.
 */
public final class Replay {
    private Replay() {}

    /** What a replay produced. */
    public record Result(
            long records,
            long windows,
            List<SimResult.DecisionLog> decisions,
            Map<String, Object> summary) {}

    /** Replays {@code file} through the law with {@code law} options. */
    public static Result run(Path file, LawOptions lawOptions) throws IOException {
        long window = lawOptions.loop().window().toMillis();
        WindowedScorer scorer = new WindowedScorer(window, new QoeMath(QoeOptions.DEFAULTS));
        FleetView view = new FleetView();
        ControlLaw law = new ControlLaw(lawOptions);
        VersionLedger versions = new VersionLedger();
        List<SimResult.DecisionLog> out = new ArrayList<>();
        long[] state = {Long.MIN_VALUE, 0}; // next window end, windows
        long records =
                TelemetryLog.read(
                        file,
                        t -> {
                            long time = t.getEventTime().toEpochMilli();
                            if (state[0] == Long.MIN_VALUE) {
                                state[0] = Math.floorDiv(time, window) * window + window;
                            }
                            while (time >= state[0]) {
                                decide(scorer, view, law, versions, state[0], out);
                                state[0] += window;
                                state[1]++;
                            }
                            scorer.add(t);
                        });
        if (state[0] != Long.MIN_VALUE) {
            decide(scorer, view, law, versions, state[0], out);
            state[1]++;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("records", records);
        summary.put("windows", state[1]);
        summary.put("decisions", out.size());
        Map<String, Integer> byReason = new TreeMap<>();
        out.forEach(d -> byReason.merge(d.reason().split("[:;=]")[0], 1, Integer::sum));
        summary.put("decisions_by_reason", byReason);
        Map<String, Integer> byScope = new TreeMap<>();
        out.forEach(d -> byScope.merge(d.scope(), 1, Integer::sum));
        summary.put("decisions_by_scope", byScope);
        summary.put("late_events", scorer.lateEvents());
        summary.put("stale_scopes_at_end", law.staleScopes());
        return new Result(records, state[1], out, summary);
    }

    private static void decide(
            WindowedScorer scorer,
            FleetView view,
            ControlLaw law,
            VersionLedger versions,
            long now,
            List<SimResult.DecisionLog> out) {
        for (QoeScore s : scorer.advanceTo(now)) {
            view.observe(s);
        }
        for (Decision d : law.decide(view, now)) {
            law.markPublished(d, now);
            out.add(
                    new SimResult.DecisionLog(
                            now,
                            d.scope(),
                            versions.next(d.scope()),
                            d.offloadThresholdMs(),
                            d.routingWeights(),
                            d.reason()));
        }
    }
}
