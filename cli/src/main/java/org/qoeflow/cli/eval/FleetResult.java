package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.fleet.sim.Scenario.FaultKind;

/** What one fleet evaluation measured (one seed, or several pooled), and its tables. */
public record FleetResult(
        int incidents,
        int detected,
        double precision,
        double recall,
        double falseAlarmRate,
        double medianDelayWindows,
        long windowsScored,
        long falseAlerts,
        long trueAlerts,
        long normalWindows,
        long windowMillis,
        Map<FaultKind, KindResult> perKind,
        List<CohortEvidence.RolloutVerdict> rollouts,
        CohortEvidence.FalseFails cohortFalseFails,
        List<String> groupCheckRows,
        ShiftEvidence.Counts shiftCounts,
        long collateralWindows,
        long collateralAlerts) {

    /**
     * Several runs as one: counts added, rates recomputed; the pooled median delay is the median of
     * the runs' medians (each run keeps only its own).
     */
    public static FleetResult pooled(java.util.Collection<FleetResult> runs) {
        int inc = 0;
        int det = 0;
        long scored = 0;
        long falseAlerts = 0;
        long normal = 0;
        long trueAlerts = 0;
        long window = 0;
        List<Double> medians = new ArrayList<>();
        Map<FaultKind, KindResult> kinds = new EnumMap<>(FaultKind.class);
        List<CohortEvidence.RolloutVerdict> rollouts = new ArrayList<>();
        var falseFails = new CohortEvidence.FalseFails(0, 0, 0);
        List<String> groupRows = new ArrayList<>();
        var shiftCounts = new ShiftEvidence.Counts(0, 0, 0, 0);
        long collateral = 0;
        long collateralAlerts = 0;
        for (FleetResult r : runs) {
            collateral += r.collateralWindows;
            collateralAlerts += r.collateralAlerts;
            groupRows.addAll(r.groupCheckRows);
            shiftCounts = shiftCounts.plus(r.shiftCounts);
            rollouts.addAll(r.rollouts);
            falseFails = falseFails.plus(r.cohortFalseFails);
            inc += r.incidents;
            det += r.detected;
            scored += r.windowsScored;
            falseAlerts += r.falseAlerts;
            normal += r.normalWindows;
            window = r.windowMillis;
            trueAlerts += r.trueAlerts;
            if (!Double.isNaN(r.medianDelayWindows)) {
                medians.add(r.medianDelayWindows);
            }
            r.perKind.forEach((k, c) -> kinds.merge(k, c, KindResult::plus));
        }
        medians.sort(Double::compare);
        return new FleetResult(
                inc,
                det,
                trueAlerts + falseAlerts == 0
                        ? Double.NaN
                        : trueAlerts / (double) (trueAlerts + falseAlerts),
                inc == 0 ? Double.NaN : det / (double) inc,
                normal == 0 ? Double.NaN : falseAlerts / (double) normal,
                medians.isEmpty() ? Double.NaN : FleetAnomalyEvaluation.median(medians),
                scored,
                falseAlerts,
                trueAlerts,
                normal,
                window,
                kinds,
                rollouts,
                falseFails,
                groupRows,
                shiftCounts,
                collateral,
                collateralAlerts);
    }

    /** False alerts per node per day: the per-normal-node-window rate times windows a day. */
    public double falseAlertsPerNodeDay() {
        return falseAlarmRate * (86_400_000.0 / windowMillis);
    }

    /** As {@link #falseAlertsPerNodeDay()} with the collateral windows and alerts as false. */
    public double falseAlertsPerNodeDayWithCollateral() {
        long n = normalWindows + collateralWindows;
        return n == 0
                ? Double.NaN
                : (falseAlerts + collateralAlerts) / (double) n * (86_400_000.0 / windowMillis);
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "incidents %d, caught %d (recall %.3f)%nfalse alerts per node per day %.2f (%d false alerts in %d normal node-windows; %.5f per node-window)%nprecision %.3f  median detection delay %.1f windows%n",
                        incidents,
                        detected,
                        recall,
                        falseAlertsPerNodeDay(),
                        falseAlerts,
                        normalWindows,
                        falseAlarmRate,
                        precision,
                        medianDelayWindows));
        b.append(
                String.format(
                        Locale.ROOT,
                        "collateral (edge devices of the region of a slow or failing cloud node,"
                                + " counted neither false nor true): %d alerts in %d node-windows;"
                                + " counted as false: %.2f false alerts per node per day%n",
                        collateralAlerts,
                        collateralWindows,
                        falseAlertsPerNodeDayWithCollateral()));
        b.append(
                "| incident kind | injected | caught | recall | labelled node-windows |"
                        + " affected nodes alerted |\n");
        b.append("|---|---|---|---|---|---|\n");
        perKind.forEach(
                (k, c) ->
                        b.append(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %d | %d | %.2f | %d | %d of %d |%n",
                                        k,
                                        c.injected(),
                                        c.detected(),
                                        c.detected() / (double) c.injected(),
                                        c.labelledWindows(),
                                        c.alertedNodes(),
                                        c.affectedNodes())));
        b.append(cohortTable());
        b.append(groupCheckTable());
        return b.toString();
    }

    /** Per thermal wave and bandwidth collapse: node alerts and the group check. */
    public String groupCheckTable() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "group check (each region x class against itself %d s before): FAIL in"
                                + " %d of %d group-windows with no incident active (%d"
                                + " episodes), %d during another incident%n",
                        CohortOptions.DEFAULTS.shiftLagMillis() / 1000,
                        shiftCounts.falseWindows(),
                        shiftCounts.groupWindows(),
                        shiftCounts.falseEpisodes(),
                        shiftCounts.otherIncident()));
        b.append(
                "| group incident (start s) | nodes alerted | groups FAILed | s to group FAIL |"
                        + " caught after windows |\n");
        b.append("|---|---|---|---|---|\n");
        groupCheckRows.forEach(r -> b.append(r).append('\n'));
        return b.toString();
    }

    /** Per bad rollout: its cohort's verdict; then the FAILs no bad rollout explains. */
    public String cohortTable() {
        StringBuilder b = new StringBuilder();
        long failed = rollouts.stream().filter(r -> r.failedAt().isPresent()).count();
        double[] secs =
                rollouts.stream()
                        .filter(r -> r.failedAt().isPresent())
                        .mapToDouble(CohortEvidence.RolloutVerdict::secondsToVerdict)
                        .sorted()
                        .toArray();
        b.append(
                String.format(
                        Locale.ROOT,
                        "cohort verdicts: %d of %d bad rollouts FAILed (median %s s to FAIL);"
                                + " healthy cohorts FAILed in %d of %d cohort-windows (%d"
                                + " episodes)%n",
                        failed,
                        rollouts.size(),
                        secs.length == 0 ? "-" : FleetAnomalyEvaluation.fmt(median(secs)),
                        cohortFalseFails.windows(),
                        cohortFalseFails.cohortWindows(),
                        cohortFalseFails.episodes()));
        b.append("| rollout (region/class, start s) | rolled-out nodes | FAIL | s to FAIL |\n");
        b.append("|---|---|---|---|\n");
        for (var r : rollouts) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s/%s at %d | %d | %s | %s |%n",
                            r.fault().region(),
                            r.fault().deviceClass(),
                            r.fault().startMs() / 1000,
                            r.rolledOutNodes(),
                            r.failedAt().isPresent() ? "yes" : "no",
                            r.failedAt().isPresent()
                                    ? FleetAnomalyEvaluation.fmt(r.secondsToVerdict())
                                    : "-"));
        }
        return b.toString();
    }

    /**
     * Incidents of one kind: how many, how many were caught ({@link IncidentJudge}), their
     * node-windows labelled anomalous, and over the incidents, the nodes they affected and how many
     * of those had an alert.
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

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
