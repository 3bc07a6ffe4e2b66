package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.service.DecisionTrigger.Options;
import org.qoeflow.controller.service.DecisionTrigger.Reason;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class DecisionTriggerTest {
    private static final Duration FIVE = Duration.ofSeconds(5);

    private static DecisionTrigger trigger(Options o) {
        return new DecisionTrigger(o, FIVE, FIVE, 0.8);
    }

    private static QoeScore healthy(String node, long windowEnd) {
        return ControlLawTest.score(node, Tier.CLOUD, windowEnd, 0.3, 1.0);
    }

    /** Decides at the start, then feeds window 100 000 from nodes a and b and decides on it. */
    private static DecisionTrigger settledOnFirstWindow() {
        DecisionTrigger t = trigger(Options.DEFAULTS);
        assertThat(t.due(0)).isEqualTo(Reason.START);
        t.decided(Reason.START, 0);
        t.score(healthy("a", 100_000), 102_000);
        t.score(healthy("b", 100_000), 102_000);
        assertThat(t.due(102_999)).isNull();
        assertThat(t.due(103_000)).isEqualTo(Reason.GRACE); // no window before it to compare with
        t.decided(Reason.GRACE, 103_000);
        return t;
    }

    @Test
    void decidesAsSoonAsEveryNodeOfThePreviousWindowHasScoredTheNext() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 107_000);
        assertThat(t.due(107_000)).isNull(); // b has not scored 105 000 yet
        t.score(healthy("b", 105_000), 107_010);
        assertThat(t.due(107_010)).isEqualTo(Reason.WINDOW_COMPLETE);
        t.decided(Reason.WINDOW_COMPLETE, 107_010);
        assertThat(t.due(107_020)).isNull();
    }

    @Test
    void onSummariesAWindowIsCompleteOnlyOnceItsScopesSummariesAreIn() {
        DecisionTrigger t = settledOnFirstWindow();
        t.summary("offload/eu-west/phone-high/tiny-int4", 100_000, 102_000);
        t.summary("offload/eu-west/phone-mid/tiny-int4", 100_000, 102_000);
        t.score(healthy("a", 105_000), 107_000);
        t.score(healthy("b", 105_000), 107_000);
        assertThat(t.due(107_000)).as("cloud scores in, summaries not").isNull();
        t.summary("offload/eu-west/phone-high/tiny-int4", 105_000, 107_050);
        t.summary("offload/eu-west/phone-high/tiny-int4", 105_000, 107_060); // the same one again
        assertThat(t.due(107_060)).isNull();
        t.summary("offload/eu-west/phone-mid/tiny-int4", 105_000, 107_100);
        assertThat(t.due(107_100)).isEqualTo(Reason.WINDOW_COMPLETE);
        t.decided(Reason.WINDOW_COMPLETE, 107_100);
        assertThat(t.due(107_110)).isNull();
    }

    @Test
    void aSummaryAtNoWindowsEndCountsForNoWindow() {
        DecisionTrigger t = settledOnFirstWindow();
        t.summary("offload/eu-west/phone-high/tiny-int4", 100_000, 102_000);
        t.score(healthy("a", 105_000), 107_000);
        t.score(healthy("b", 105_000), 107_000);
        // devices leaving their scope: the job emits a summary stale-after past a window's end
        t.summary("offload/eu-west/phone-high/tiny-int4", 130_001, 130_500);
        assertThat(t.due(107_000)).isNull();
        t.summary("offload/eu-west/phone-high/tiny-int4", 105_000, 107_100);
        assertThat(t.due(107_100)).isEqualTo(Reason.WINDOW_COMPLETE);
    }

    @Test
    void aMissingNodeDelaysTheDecisionByTheGraceAtMost() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 107_000);
        assertThat(t.due(107_999)).isNull();
        assertThat(t.due(108_000)).isEqualTo(Reason.GRACE);
        t.decided(Reason.GRACE, 108_000);
        t.score(healthy("b", 105_000), 108_100); // a straggler of a decided window waits
        assertThat(t.due(108_100)).isNull();
    }

    @Test
    void revisionsDoNotCountAsNodesOfAWindow() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 107_000);
        t.score(QoeScore.newBuilder(healthy("a", 105_000)).setRevision(1).build(), 107_001);
        assertThat(t.due(107_001)).isNull();
    }

    private static QoeScore partial(QoeScore s) {
        return QoeScore.newBuilder(s).setPartial(true).build();
    }

    @Test
    void aPartialScoreUnderTheFloorIsUrgentButIsNotItsWindowsScoreBeingIn() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 107_000);
        t.score(healthy("b", 105_000), 107_000);
        assertThat(t.due(107_000)).isEqualTo(Reason.WINDOW_COMPLETE);
        t.decided(Reason.WINDOW_COMPLETE, 107_000);

        // a's window 110 000 so far fails: its partial score, 1.5 s before the window ends
        t.score(partial(ControlLawTest.score("a", Tier.CLOUD, 110_000, 0.3, 0.4)), 108_500);
        assertThat(t.due(108_500)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 108_500);
        // no grace round on it: a partial score is not a window's scores arriving
        assertThat(t.due(111_000)).isNull();

        t.score(healthy("b", 110_000), 112_000);
        assertThat(t.due(112_000)).isNull(); // a's full score is not in yet
        t.score(
                QoeScore.newBuilder(ControlLawTest.score("a", Tier.CLOUD, 110_000, 0.3, 0.45))
                        .setRevision(1)
                        .build(),
                112_010);
        assertThat(t.due(112_010)).isEqualTo(Reason.WINDOW_COMPLETE);
        t.decided(Reason.WINDOW_COMPLETE, 112_010);
        // still under the floor in its full score: no second urgent round for the same crossing
        assertThat(t.due(112_020)).isNull();
    }

    @Test
    void aCloudPartialScoreAboveTheFloorIsUrgentAnEdgeOneIsNot() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(partial(ControlLawTest.score("e", Tier.EDGE, 105_000, 0.3, 0.6)), 103_000);
        assertThat(t.due(103_000)).isNull();
        t.score(partial(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.5, 0.9)), 103_100);
        assertThat(t.due(103_100)).isEqualTo(Reason.URGENT);
    }

    @Test
    void anotherNodesPartialScoreDoesNotTakeTheUrgentRoundOfADegradedNode() {
        DecisionTrigger t = settledOnFirstWindow();
        // b's window 105 000 so far fails a little more than its last: a false alarm, decided
        t.score(partial(ControlLawTest.score("b", Tier.CLOUD, 105_000, 0.3, 0.95)), 101_000);
        assertThat(t.due(101_000)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 101_000);
        // a degrades later in the same window: its partial score is decided at once too
        t.score(partial(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.3, 0.5)), 103_300);
        assertThat(t.due(103_300)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 103_300);
        // and its full score of the same window, still failing, is not new evidence
        t.score(
                QoeScore.newBuilder(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.3, 0.5))
                        .setRevision(1)
                        .build(),
                107_000);
        assertThat(t.due(107_000)).isNull();
    }

    @Test
    void aFloorCrossingOfTheLastWindowIsUrgentAfterAPartialScoreOfTheCurrentOne() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 107_000);
        t.score(healthy("b", 105_000), 107_000);
        t.decided(t.due(107_000), 107_000);
        t.score(partial(ControlLawTest.score("b", Tier.CLOUD, 110_000, 0.3, 0.9)), 107_200);
        assertThat(t.due(107_200)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 107_200);
        // c's score of window 105 000 comes late, under the floor: a crossing, decided at once
        t.score(ControlLawTest.score("c", Tier.CLOUD, 105_000, 0.3, 0.4), 107_400);
        assertThat(t.due(107_400)).isEqualTo(Reason.URGENT);
    }

    @Test
    void evidenceArrivingWhileAnUrgentRoundIsPendingTakesThatRound() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(partial(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.3, 0.5)), 102_000);
        t.score(partial(ControlLawTest.score("b", Tier.CLOUD, 105_000, 0.3, 0.5)), 102_000);
        assertThat(t.due(102_000)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 102_000);
        assertThat(t.due(102_100)).isNull();
    }

    @Test
    void aFleetWideFaultTakesABoundedNumberOfUrgentRoundsPerWindowEnd() {
        DecisionTrigger t = settledOnFirstWindow();
        int rounds = 0;
        for (int i = 0; i < 50; i++) {
            long now = 101_000 + 50L * i; // each node's partial score after the last round
            t.score(partial(ControlLawTest.score("n" + i, Tier.CLOUD, 105_000, 0.3, 0.5)), now);
            Reason why = t.due(now);
            if (why != null) {
                assertThat(why).isEqualTo(Reason.URGENT);
                t.decided(why, now);
                rounds++;
            }
        }
        assertThat(rounds).isEqualTo(DecisionTrigger.URGENT_ROUNDS_PER_WINDOW);
        // the next window's evidence has its own rounds
        t.score(partial(ControlLawTest.score("x", Tier.CLOUD, 110_000, 0.3, 0.5)), 106_000);
        assertThat(t.due(106_000)).isEqualTo(Reason.URGENT);
    }

    @Test
    void aPartialScoreCountsForNoWindow() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(partial(healthy("a", 105_000)), 104_000);
        assertThat(t.due(104_000)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 104_000);
        t.score(healthy("b", 105_000), 107_000);
        assertThat(t.due(107_000)).isNull(); // a's full score is missing
        t.score(QoeScore.newBuilder(healthy("a", 105_000)).setRevision(1).build(), 107_005);
        assertThat(t.due(107_005)).isEqualTo(Reason.WINDOW_COMPLETE);
    }

    @Test
    void aWindowDecisionWaitsHalfAnIntervalAfterTheLastDecision() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("a", 105_000), 103_000);
        t.score(healthy("b", 105_000), 103_000);
        assertThat(t.due(103_000)).isNull();
        assertThat(t.due(105_499)).isNull();
        assertThat(t.due(105_500)).isEqualTo(Reason.WINDOW_COMPLETE);
    }

    @Test
    void aCloudNodeFallingUnderTheSuccessFloorIsDecidedAtOnceOncePerWindow() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.3, 0.5), 103_100);
        assertThat(t.due(103_100)).isEqualTo(Reason.URGENT);
        t.decided(Reason.URGENT, 103_100);
        // b is still missing: the window drives its own decision when b arrives
        t.score(healthy("b", 105_000), 105_700);
        assertThat(t.due(105_700)).isEqualTo(Reason.WINDOW_COMPLETE);
        t.decided(Reason.WINDOW_COMPLETE, 105_700);
        // still failing in the next window: no new crossing, no urgent decision
        t.score(ControlLawTest.score("a", Tier.CLOUD, 110_000, 0.3, 0.5), 110_100);
        assertThat(t.due(110_100)).isNull();
    }

    @Test
    void edgeFailuresAreNotUrgentButACloudAlertIs() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(ControlLawTest.score("e", Tier.EDGE, 105_000, 0.3, 0.1), 103_100);
        assertThat(t.due(103_100)).isNull();
        t.anomaly(
                AnomalyScore.newBuilder()
                        .setNodeId("a")
                        .setTier(Tier.CLOUD)
                        .setRegion("eu")
                        .setDeviceClass("gpu")
                        .setWindowStart(Instant.ofEpochMilli(100_000))
                        .setWindowEnd(Instant.ofEpochMilli(105_000))
                        .setRawScore(3)
                        .setLikelihood(0.99)
                        .setThreshold(1)
                        .setAlert(true)
                        .setModelVersion("v")
                        .build());
        assertThat(t.due(103_100)).isEqualTo(Reason.URGENT);
    }

    @Test
    void withoutScoresAHeartbeatKeepsDecidingForTheStaleFallback() {
        DecisionTrigger t = settledOnFirstWindow();
        assertThat(t.due(108_999)).isNull();
        assertThat(t.due(109_000)).isEqualTo(Reason.HEARTBEAT);
        t.decided(Reason.HEARTBEAT, 109_000);
        assertThat(t.due(114_999)).isNull();
        assertThat(t.due(115_000)).isEqualTo(Reason.HEARTBEAT);
    }

    @Test
    void theClockOptionDecidesEveryIntervalWhateverArrives() {
        DecisionTrigger t = trigger(Options.CLOCK);
        assertThat(t.due(0)).isEqualTo(Reason.START);
        t.decided(Reason.START, 0);
        t.score(healthy("a", 100_000), 1_000);
        assertThat(t.due(4_999)).isNull();
        assertThat(t.due(5_000)).isEqualTo(Reason.CLOCK);
    }

    @Test
    void anUrgentScoreSeenInStandbyIsCoveredByTheNewTermsFirstDecision() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(ControlLawTest.score("a", Tier.CLOUD, 105_000, 0.3, 0.5), 103_100);
        t.restart();
        assertThat(t.due(103_200)).isEqualTo(Reason.START);
        t.decided(Reason.START, 103_200);
        assertThat(t.due(103_300)).isNull();
    }

    @Test
    void aScoreForAWindowThatHasNotEndedDoesNotStallTheCurrentOne() {
        DecisionTrigger t = settledOnFirstWindow();
        t.score(healthy("x", 200_000), 106_000); // within the boundary's future skew, not ended
        t.score(healthy("a", 105_000), 107_000);
        t.score(healthy("b", 105_000), 107_000);
        assertThat(t.due(107_000)).isEqualTo(Reason.WINDOW_COMPLETE);
    }

    @Test
    void aNewTermStartsWithADecision() {
        DecisionTrigger t = settledOnFirstWindow();
        t.restart();
        assertThat(t.due(103_100)).isEqualTo(Reason.START);
    }

    @Test
    void refusesAGraceOutsideItsRange() {
        assertThatThrownBy(() -> new Options(true, Duration.ofSeconds(-1)))
                .hasMessageContaining("decision grace");
        assertThatThrownBy(() -> new Options(true, Duration.ofMinutes(2)))
                .hasMessageContaining("decision grace");
    }
}
