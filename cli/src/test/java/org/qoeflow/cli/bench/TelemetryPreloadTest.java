package org.qoeflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

class TelemetryPreloadTest {

    @Test
    void aReplicaIsTheSameEventUnderItsOwnNodeId() throws Exception {
        List<Telemetry> events = new ArrayList<>();
        FleetModel model = new FleetModel(BenchFleet.of(20, 1), 1_700_000_000_000L, events::add);
        for (long t = 0; t < 3000; t += FleetModel.STEP_MS) {
            model.step(t, t + FleetModel.STEP_MS, r -> {});
        }
        assertThat(events).hasSizeGreaterThan(50);
        for (Telemetry e : events) {
            byte[] value = Topics.TELEMETRY.codec().encode(e);
            // a longer id than the original, so every later byte moves
            String id = e.getNodeId() + "-r" + 123456;
            Telemetry back = Topics.TELEMETRY.codec().decode(TelemetryPreload.renamed(value, id));
            Telemetry expected = Telemetry.newBuilder(e).setNodeId(id).build();
            assertThat(back).isEqualTo(expected);
        }
    }
}
