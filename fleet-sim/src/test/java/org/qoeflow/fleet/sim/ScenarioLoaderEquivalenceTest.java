package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader gives the same records as the hand-written loader it replaced. */
class ScenarioLoaderEquivalenceTest {
    @Test
    void catalogAndDemoLoadToTheSameRecords() {
        List<String> names = new ArrayList<>(ScenarioLoader.CATALOG);
        names.add(ScenarioLoader.DEMO);
        for (String name : names) {
            assertThat(ScenarioLoader.load(name))
                    .as(name)
                    .isEqualTo(LegacyScenarioLoader.load(name));
        }
    }

    @Test
    void defaultsAreTheSame() {
        assertThat(ScenarioLoader.parse(ScenarioLoaderTest.MINIMAL))
                .isEqualTo(LegacyScenarioLoader.parse(ScenarioLoaderTest.MINIMAL));
    }
}
