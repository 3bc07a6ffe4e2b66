package org.qoeflow.jobs.anomaly;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.AnomalyTopK;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;

/** The anomaly topology: QoE windows + broadcast models -> anomaly scores and top-k per region. */
public final class AnomalyScoringJob {
    /** The topology's outputs. */
    public record Outputs(DataStream<AnomalyScore> scores, DataStream<AnomalyTopK> topK) {}

    private AnomalyScoringJob() {}

    /**
     * Model updates carry no event time: their input must never hold the watermark back, so it
     * reports the end of time.
     */
    public static WatermarkStrategy<ModelUpdate> modelWatermarks() {
        return WatermarkStrategy.forGenerator(
                ctx ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(ModelUpdate e, long ts, WatermarkOutput out) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput out) {
                                out.emitWatermark(new Watermark(Long.MAX_VALUE));
                            }
                        });
    }

    public static Outputs build(
            DataStream<QoeScore> scores,
            DataStream<ModelUpdate> models,
            Duration window,
            AnomalyJobOptions o) {
        BroadcastStream<ModelUpdate> broadcastModels = models.broadcast(AnomalyScorer.MODELS);
        DataStream<AnomalyScore> anomalies =
                scores.keyBy(QoeScore::getNodeId)
                        .connect(broadcastModels)
                        .process(new AnomalyScorer(o.stateTtl()))
                        .name("anomaly-scorer")
                        .uid("anomaly-scorer");
        DataStream<AnomalyTopK> topK =
                anomalies
                        .keyBy(AnomalyScore::getRegion)
                        .window(TumblingEventTimeWindows.of(window))
                        .aggregate(new TopKAggregate(o.topK()), new TopKWindow())
                        .name("anomaly-top-k")
                        .uid("anomaly-top-k");
        return new Outputs(anomalies, topK);
    }
}
