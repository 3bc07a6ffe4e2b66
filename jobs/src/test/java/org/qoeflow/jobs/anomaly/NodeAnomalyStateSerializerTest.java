package org.qoeflow.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;

class NodeAnomalyStateSerializerTest {
    private final NodeAnomalyStateSerializer serializer = NodeAnomalyStateSerializer.INSTANCE;
    private final ModelRegistry registry = new ModelRegistry();
    private final Random random = new Random(5);

    private NodeAnomalyState liveState(int events) {
        registry.builtIn();
        NodeAnomalyState st = new NodeAnomalyState();
        st.live = registry.newDetector(ModelRegistry.BUILT_IN_VERSION);
        step(st.live, events);
        st.modelVersion = ModelRegistry.BUILT_IN_VERSION;
        st.lastFeatures = new double[] {1, 2, 3};
        st.group = "eu|EDGE";
        st.cleanupTimer = 42;
        st.lastWindowEnd = 40;
        return st;
    }

    private void step(StatefulDetector d, int events) {
        double[] x = new double[ModelRegistry.FEATURES.dimension()];
        for (int i = 0; i < events; i++) {
            for (int f = 0; f < x.length; f++) {
                x[f] = random.nextGaussian();
            }
            d.score(i * 5000L, x);
        }
    }

    private byte[] bytes(NodeAnomalyState st) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(st, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void copyMovesTheLiveDetectorAndLeavesTheOriginalAsItWas() throws IOException {
        NodeAnomalyState original = liveState(40);
        byte[] before = bytes(original);

        NodeAnomalyState copy = serializer.copy(original);
        assertThat(copy.live).isNotNull();
        assertThat(original.live).isNull();
        assertThat(bytes(copy)).isEqualTo(before);
        step(copy.live, 5); // the task goes on with the copy ...
        copy.lastFeatures[0] = 99;
        assertThat(bytes(original)).isEqualTo(before); // ... the checkpoint still sees the old one
        assertThat(bytes(copy)).isNotEqualTo(before);
    }

    @Test
    void roundTripsThroughTheDetectorsOwnBytes() throws IOException {
        NodeAnomalyState st = liveState(30);
        byte[] b = bytes(st);
        NodeAnomalyState back = serializer.deserialize(new DataInputDeserializer(b));
        assertThat(back.live).isNull();
        assertThat(back.detector).isEqualTo(st.live.snapshot());
        assertThat(bytes(back)).isEqualTo(b);
        assertThat(back.lastWindowEnd).isEqualTo(40);
    }

    @Test
    void corruptLengthIsAnErrorNamingIt() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeBoolean(false);
        out.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(
                        () ->
                                serializer.deserialize(
                                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("detector state bytes");
    }
}
