package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * Every type the job puts on the wire or into state has a serializer of its own (Avro, POJO, {@code
 * Value}): built with Kryo fallback disabled, the job graph still builds, so no record is silently
 * serialized with Kryo. Object reuse is on, so chained operators hand records on without Avro deep
 * copies.
 */
class JobSerializersTest {

    private static StreamExecutionEnvironment envWithoutKryo() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.getExecutionEnvironment(c);
    }

    @Test
    void theWholeJobBuildsWithGenericTypesDisabled() {
        StreamExecutionEnvironment env = envWithoutKryo();
        QoeScoringJob.wire(env, JobOptions.defaults("127.0.0.1:9"));
        StreamGraph graph = env.getStreamGraph();
        assertThat(graph.getStreamNodes()).hasSizeGreaterThan(5);
    }

    @Test
    void aKryoTypeWouldFailTheSameCheck() {
        StreamExecutionEnvironment env = envWithoutKryo();
        env.fromData(1, 2)
                .map((MapFunction<Integer, Object>) i -> new Object())
                .returns(Object.class)
                .print();
        assertThatThrownBy(env::getStreamGraph)
                .hasStackTraceContaining("Generic types have been disabled");
    }

    @Test
    void wiringTheJobTurnsObjectReuseOn() {
        StreamExecutionEnvironment env = envWithoutKryo();
        QoeScoringJob.wire(env, JobOptions.defaults("127.0.0.1:9"));
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    }
}
