package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;

class IncidentJudgeTest {
    private static final Incident WAVE =
            new Incident(
                    new FaultSpec(
                            FaultKind.THERMAL_WAVE,
                            0,
                            60_000,
                            null,
                            -1,
                            "phone-mid",
                            null,
                            1,
                            0,
                            25,
                            0));
    private static final Incident SLOW =
            new Incident(
                    new FaultSpec(
                            FaultKind.SLOW_NODE, 0, 60_000, "eu-west", 0, null, null, 4, 0, 0, 0));

    @Test
    void aGroupIncidentIsCaughtWhenHalfOfItsNodesAlert() {
        IncidentJudge judge = new IncidentJudge(IncidentJudge.Evidence.NONE);
        for (String n : new String[] {"a", "b", "c", "d"}) {
            judge.affected(WAVE, n);
        }
        judge.alert(WAVE, "a", 5_000);
        assertThat(judge.caughtAt(WAVE)).isEmpty();
        judge.alert(WAVE, "a", 1_000); // the node's first alert counts
        judge.alert(WAVE, "c", 20_000);
        assertThat(judge.caughtAt(WAVE)).hasValue(20_000);
        assertThat(judge.alertedNodes(WAVE)).isEqualTo(2);
    }

    @Test
    void aSingleNodeIncidentIsCaughtOnItsNodesFirstAlert() {
        IncidentJudge judge = new IncidentJudge(IncidentJudge.Evidence.NONE);
        judge.alert(SLOW, "cloud-eu-west-0", 10_000);
        assertThat(judge.caughtAt(SLOW)).hasValue(10_000);
    }

    @Test
    void evidenceCatchesAGroupIncidentTheAlertsMiss() {
        IncidentJudge judge =
                new IncidentJudge(i -> i == WAVE ? OptionalLong.of(15_000) : OptionalLong.empty());
        judge.affected(WAVE, "a");
        judge.affected(WAVE, "b");
        judge.affected(WAVE, "c");
        assertThat(judge.caughtAt(WAVE)).hasValue(15_000);
        judge.alert(WAVE, "a", 5_000);
        judge.alert(WAVE, "b", 10_000);
        assertThat(judge.caughtAt(WAVE)).hasValue(10_000); // the earlier of the two
        assertThat(judge.caughtAt(SLOW)).isEmpty();
    }
}
