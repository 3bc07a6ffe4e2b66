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

    /**
     * Uid of the anomaly scorer. It was {@code anomaly-scorer} while the node state was a Flink
     * POJO (another serializer): a savepoint of that job does not restore into this one, and the
     * changed uid makes that an error instead of a silent loss.
     */
    public static final String SCORER_UID = "anomaly-node-scorer";

    /**
     * The topology; {@code liveDetectors}: nodes keep their detector as an object in state (see
     * {@link AnomalyScorer#AnomalyScorer}), for heap state backends.
     */
    public static Outputs build(
            DataStream<QoeScore> scores,
            DataStream<ModelUpdate> models,
            Duration window,
            AnomalyJobOptions o,
            boolean liveDetectors) {
        BroadcastStream<ModelUpdate> broadcastModels = models.broadcast(AnomalyScorer.MODELS);
        DataStream<AnomalyScore> anomalies =
                scores.keyBy(QoeScore::getNodeId)
                        .connect(broadcastModels)
                        .process(new AnomalyScorer(o.stateTtl(), liveDetectors))
                        .name("anomaly-scorer")
                        .uid(SCORER_UID);
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
