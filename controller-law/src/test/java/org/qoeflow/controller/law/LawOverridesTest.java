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
        assertThat(law.offload().slaMs()).isEqualTo(800);
        assertThat(law.loop().staleWindows()).isEqualTo(3);
        assertThat(law.loop().regionScopes()).isFalse();
        assertThat(law.routing().costDecay()).isEqualTo(LawOptions.DEFAULTS.routing().costDecay());
        assertThat(law.drain().anomalyHold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(law.offload().thresholdGain()).isEqualTo(0.25);
        assertThat(law.loop().validity()).isEqualTo(LawOptions.DEFAULTS.loop().validity());
    }

    @Test
    void appliesOnTopOfTheBaseItIsGiven() {
        LawOptions scenario = LawOptions.DEFAULTS.withSla(900, 512);
        LawOptions law = LawOverrides.parse(List.of("costDecay=0.5")).applyTo(scenario);
        assertThat(law.offload().slaMs()).isEqualTo(900);
        assertThat(law.offload().payloadKbit()).isEqualTo(512);
        assertThat(law.routing().costDecay()).isEqualTo(0.5);
    }

    @Test
    void laterItemForTheSameNameWins() {
        LawOverrides o = LawOverrides.parse(List.of("routingGain=0.2", "routingGain=0.3"));
        assertThat(o.applyTo(LawOptions.DEFAULTS).routing().routingGain()).isEqualTo(0.3);
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
        assertThatThrownBy(() -> floor.applyTo(LawOptions.DEFAULTS))
                .hasMessage("--law successFloor=1.5: successFloor must be in [0, 1], got 1.5");

        LawOverrides two = LawOverrides.parse(List.of("slaMs=800", "costDecay=0"));
        assertThatThrownBy(() -> two.applyTo(LawOptions.DEFAULTS))
                .hasMessageStartingWith("--law costDecay=0: costDecay must be in [");

        LawOverrides hold = LawOverrides.parse(List.of("anomalyHold=0s"));
        assertThatThrownBy(() -> hold.applyTo(LawOptions.DEFAULTS))
                .hasMessageContaining("anomalyHold must be > 0");
    }

    @Test
    void everyOptionHasOneUnambiguousName() {
        int components = 0;
        for (var group : LawOptions.class.getRecordComponents()) {
            components += group.getType().getRecordComponents().length;
        }
        assertThat(components).isEqualTo(42);
        assertThat(LawOverrides.names())
                .hasSize(components)
                .containsKey("offload.slaMs")
                .doesNotContainKey("cloudOverloadLoad");
        assertThat(LawOverrides.groups().values().stream().mapToInt(List::size).sum())
                .isEqualTo(components);
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
    }

    @Test
    void acceptsTheGroupQualifiedName() {
        LawOptions law =
                LawOverrides.parse(List.of("drain.anomalyHold=90s", "offload.slaMs=800"))
                        .applyTo(LawOptions.DEFAULTS);
        assertThat(law.drain().anomalyHold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(law.offload().slaMs()).isEqualTo(800);
        // The simple and the qualified name are one option: the later item wins.
        LawOverrides both = LawOverrides.parse(List.of("offload.slaMs=800", "slaMs=900"));
        assertThat(both.applyTo(LawOptions.DEFAULTS).offload().slaMs()).isEqualTo(900);
        assertThat(both.values()).containsOnlyKeys("offload.slaMs");
    }

    @Test
    void rejectsAQualifiedNameInTheWrongGroupOrRange() {
        assertThatThrownBy(() -> LawOverrides.parse(List.of("routing.slaMs=800")))
                .hasMessageContaining("unknown law option 'routing.slaMs'");
        LawOverrides o = LawOverrides.parse(List.of("drain.successFloor=1.5"));
        assertThatThrownBy(() -> o.applyTo(LawOptions.DEFAULTS))
                .hasMessage(
                        "--law drain.successFloor=1.5: successFloor must be in [0, 1], got 1.5");
    }
}
