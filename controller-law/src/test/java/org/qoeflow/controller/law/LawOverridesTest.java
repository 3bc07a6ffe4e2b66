package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LawOverridesTest {

    @Test
    void noOverridesLeaveTheOptionsAsTheyAre() {
        LawOverrides none = LawOverrides.parse(List.of());
        assertThat(none.applyTo(ControlOptions.DEFAULTS)).isSameAs(ControlOptions.DEFAULTS);
        assertThat(none.applyTo(LawOptions.DEFAULTS)).isSameAs(LawOptions.DEFAULTS);
    }

    @Test
    void overridesEachTypeByComponentName() {
        LawOverrides o =
                LawOverrides.parse(
                        List.of(
                                "slaMs=800",
                                "staleWindows=3",
                                "regionScopes=false",
                                "anomalyHold=90s",
                                "thresholdGain=0.25"));

        LawOptions law = o.applyTo(LawOptions.DEFAULTS);
        assertThat(law.slaMs()).isEqualTo(800);
        assertThat(law.staleWindows()).isEqualTo(3);
        assertThat(law.regionScopes()).isFalse();
        assertThat(law.costDecay()).isEqualTo(LawOptions.DEFAULTS.costDecay());

        ControlOptions control = o.applyTo(ControlOptions.DEFAULTS);
        assertThat(control.anomalyHold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(control.thresholdGain()).isEqualTo(0.25);
        assertThat(control.validity()).isEqualTo(ControlOptions.DEFAULTS.validity());
    }

    @Test
    void appliesOnTopOfTheBaseItIsGiven() {
        LawOptions scenario = LawOptions.DEFAULTS.withSla(900, 512);
        LawOptions law = LawOverrides.parse(List.of("costDecay=0.5")).applyTo(scenario);
        assertThat(law.slaMs()).isEqualTo(900);
        assertThat(law.payloadKbit()).isEqualTo(512);
        assertThat(law.costDecay()).isEqualTo(0.5);
    }

    @Test
    void laterItemForTheSameNameWins() {
        LawOverrides o = LawOverrides.parse(List.of("routingGain=0.2", "routingGain=0.3"));
        assertThat(o.applyTo(LawOptions.DEFAULTS).routingGain()).isEqualTo(0.3);
    }

    @Test
    void rejectsAnUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> LawOverrides.parse(List.of("cloudOverloadLoad=0.8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown law option 'cloudOverloadLoad'")
                .hasMessageContaining("slaMs")
                .hasMessageContaining("thresholdMaxStepMs");
    }

    @Test
    void rejectsAnItemWithoutEquals() {
        assertThatThrownBy(() -> LawOverrides.parse(List.of("slaMs")))
                .hasMessageContaining("--law must be name=value, got 'slaMs'");
    }

    @Test
    void rejectsAValueOfTheWrongTypeNamingTheOption() {
        assertThatThrownBy(() -> LawOverrides.parse(List.of("slaMs=fast")))
                .hasMessage("--law slaMs=fast: slaMs must be a finite number, got 'fast'");
        assertThatThrownBy(() -> LawOverrides.parse(List.of("staleWindows=2.5")))
                .hasMessageContaining("staleWindows must be a whole number");
        assertThatThrownBy(() -> LawOverrides.parse(List.of("regionScopes=yes")))
                .hasMessageContaining("regionScopes must be true or false");
        assertThatThrownBy(() -> LawOverrides.parse(List.of("validity=2")))
                .hasMessageContaining("validity must be a duration such as 500ms");
        assertThatThrownBy(() -> LawOverrides.parse(List.of("slaMs=NaN")))
                .hasMessageContaining("slaMs must be a finite number");
    }

    @Test
    void rejectsAnOutOfRangeValueWithItsRange() {
        LawOverrides o = LawOverrides.parse(List.of("routingGain=2"));
        assertThatThrownBy(() -> o.applyTo(LawOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--law routingGain=2: routingGain must be in [")
                .hasMessageContaining("got 2.0");

        LawOverrides floor = LawOverrides.parse(List.of("successFloor=1.5"));
        assertThatThrownBy(() -> floor.applyTo(ControlOptions.DEFAULTS))
                .hasMessage("--law successFloor=1.5: successFloor must be in [0, 1], got 1.5");

        LawOverrides two = LawOverrides.parse(List.of("slaMs=800", "costDecay=0"));
        assertThatThrownBy(() -> two.applyTo(LawOptions.DEFAULTS))
                .hasMessageStartingWith("--law costDecay=0: costDecay must be in [");

        LawOverrides hold = LawOverrides.parse(List.of("anomalyHold=0s"));
        assertThatThrownBy(() -> hold.applyTo(ControlOptions.DEFAULTS))
                .hasMessageContaining("anomalyHold must be > 0");
    }

    @Test
    void everyOptionHasOneUnambiguousName() {
        int components =
                ControlOptions.class.getRecordComponents().length
                        + LawOptions.class.getRecordComponents().length;
        assertThat(LawOverrides.names()).hasSize(components).doesNotContainKey("cloudOverloadLoad");
    }

    @Test
    void everyDefaultCanBeWrittenBackAsAnOverride() {
        // The parser accepts each option's own type: a default spelled as text reads back the same.
        List<String> items =
                List.of(
                        "window=5s",
                        "staleAfter=30s",
                        "regionScopes=true",
                        "staleWindows=2",
                        "validity=2m",
                        "slaMs=500");
        LawOverrides o = LawOverrides.parse(items);
        assertThat(o.applyTo(LawOptions.DEFAULTS)).isEqualTo(LawOptions.DEFAULTS);
        assertThat(o.applyTo(ControlOptions.DEFAULTS)).isEqualTo(ControlOptions.DEFAULTS);
    }
}
