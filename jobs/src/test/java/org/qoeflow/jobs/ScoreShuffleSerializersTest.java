package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperator;
import org.apache.flink.types.Value;
import org.junit.jupiter.api.Test;
import org.qoeflow.jobs.summary.ScopeContribution;
import org.qoeflow.jobs.summary.ScopeContributionSerializer;
import org.qoeflow.schema.QoeScore;

/**
 * The scores leave both window operators (telemetry and OTLP) with {@link QoeScoreSerializer}, so
 * every shuffle they cross (anomaly scorer, cohort analysis, scope membership) uses it, and the
 * contributions to a scope's summary cross theirs with {@link ScopeContributionSerializer}; the
 * state that held scores before keeps its serializer (Avro in the cohort window's contents, the
 * OTLP window's accumulator), with the operators' uids unchanged.
 */
class ScoreShuffleSerializersTest {

    private static StreamGraph wholeJob() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        QoeScoringJob.wire(
                env,
                JobOptions.fromArgs(
                        "--bootstrap", "127.0.0.1:9", "--input", "both", "--scope-summaries"));
        return env.getStreamGraph();
    }

    private static StreamNode node(StreamGraph graph, String name) {
        List<StreamNode> found =
                graph.getStreamNodes().stream()
                        .filter(n -> n.getOperatorName().equals(name))
                        .toList();
        assertThat(found).as("operator " + name).hasSize(1);
        return found.get(0);
    }

    private static WindowOperator<?, ?, ?, ?, ?> window(StreamNode n) {
        return (WindowOperator<?, ?, ?, ?, ?>) n.getOperator();
    }

    private static TypeSerializer<?> stateSerializer(WindowOperator<?, ?, ?, ?, ?> op) {
        StateDescriptor<?, ?> d = op.getStateDescriptor();
        return d.getSerializer();
    }

    @Test
    void bothWindowOperatorsEmitScoresWithTheScoreSerializer() {
        StreamGraph graph = wholeJob();
        assertThat(node(graph, "qoe-window").getTypeSerializerOut())
                .isSameAs(QoeScoreSerializer.INSTANCE);
        assertThat(node(graph, "otlp-qoe-window").getTypeSerializerOut())
                .isSameAs(QoeScoreSerializer.INSTANCE);
        for (String reader : List.of("anomaly-scorer", "cohort-analysis", "scope-membership")) {
            assertThat(node(graph, reader).getTypeSerializersIn()[0])
                    .as(reader + " reads")
                    .isSameAs(QoeScoreSerializer.INSTANCE);
        }
        assertThat(node(graph, "scope-summaries").getTypeSerializersIn()[0])
                .isSameAs(ScopeContributionSerializer.INSTANCE);
    }

    /** Flink's own serializer of a score or a contribution: Avro, or POJO around Avro. */
    private static boolean generic(TypeSerializer<?> s) {
        return (s instanceof AvroSerializer<?> a && a.getType() == QoeScore.class)
                || (s instanceof PojoSerializer<?> p
                        && p.createInstance() instanceof ScopeContribution);
    }

    @Test
    void noEdgeOfTheJobCarriesScoresWithFlinksOwnSerializers() {
        assertThat(generic(new AvroSerializer<>(QoeScore.class))).isTrue();
        for (StreamNode n : wholeJob().getStreamNodes()) {
            TypeSerializer<?>[] in = n.getTypeSerializersIn();
            assertThat(in == null ? List.of() : Arrays.asList(in))
                    .as(n.getOperatorName() + " inputs")
                    .noneMatch(s -> generic((TypeSerializer<?>) s));
            assertThat(n.getTypeSerializerOut() != null && generic(n.getTypeSerializerOut()))
                    .as(n.getOperatorName() + " output")
                    .isFalse();
        }
    }

    @Test
    void stateThatHeldScoresKeepsItsSerializerAndTheUidsStay() {
        StreamGraph graph = wholeJob();
        StreamNode cohort = node(graph, "cohort-analysis");
        assertThat(cohort.getTransformationUID()).isEqualTo("cohort-analysis");
        var contents = window(cohort).getStateDescriptor();
        assertThat(contents.getName()).isEqualTo("window-contents");
        assertThat(((ListStateDescriptor<?>) contents).getElementSerializer())
                .isInstanceOf(AvroSerializer.class)
                .isEqualTo(new AvroSerializer<>(QoeScore.class));

        StreamNode otlp = node(graph, "otlp-qoe-window");
        assertThat(otlp.getTransformationUID()).isEqualTo("otlp-qoe-window");
        assertThat(stateSerializer(window(otlp)).createInstance()).isInstanceOf(Value.class);

        assertThat(node(graph, "qoe-window").getTransformationUID())
                .isEqualTo(QoeScoringJob.WINDOW_UID);
        assertThat(node(graph, "scope-summaries").getTransformationUID())
                .isEqualTo("scope-summaries");
    }
}
