package org.qoeflow.cli;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.OptionOverrides;
import org.qoeflow.anomaly.lstm.ModelArtifact;
import org.qoeflow.anomaly.lstm.Pretrainer;
import org.qoeflow.anomaly.nab.DetectorEvaluation;
import org.qoeflow.anomaly.nab.Detectors;
import org.qoeflow.anomaly.nab.EvaluationReport;
import org.qoeflow.anomaly.nab.NabResult;
import org.qoeflow.anomaly.nab.NabRunner;
import org.qoeflow.anomaly.nab.NabScorer;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation;
import org.qoeflow.cli.eval.FleetResult;
import org.qoeflow.common.Durations;
import org.qoeflow.common.KafkaClientProperties;
import org.qoeflow.qoe.QoeFeatures;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RecordFile;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The anomaly model's commands: evaluate on NAB and on the fleet, pretrain, publish. */
@Command(
        name = "anomaly",
        mixinStandardHelpOptions = true,
        description = "Anomaly model: NAB runs and scoring, fleet evaluation, training, hot swap.",
        subcommands = {
            AnomalyCommand.Nab.class,
            AnomalyCommand.Evaluate.class,
            AnomalyCommand.FleetEval.class,
            CohortEvalCommand.class,
            AnomalyCommand.Train.class,
            AnomalyCommand.Publish.class
        })
public final class AnomalyCommand {

    /** Streams every NAB CSV through the detector the job uses and writes NAB result files. */
    @Command(
            name = "nab",
            mixinStandardHelpOptions = true,
            description = "Score a NAB-layout corpus.")
    static final class Nab implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "<category>/<file>.csv tree")
        Path data;

        @Option(
                names = "--out",
                required = true,
                description = "result files go to <out>/<detector>/<category>/")
        Path out;

        @Option(
                names = "--detector",
                defaultValue = Detectors.DEFAULT,
                description = "lstm, isolation-forest or null")
        String detector;

        @Override
        public Integer call() {
            if (!Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data is not a directory: " + data);
            }
            List<Path> written =
                    NabRunner.run(data, out, detector, f -> System.out.println("scored " + f));
            System.out.println("wrote " + written.size() + " files under " + out.resolve(detector));
            return 0;
        }
    }

    /**
     * Scores the shipped detector configuration on a labelled NAB-layout corpus: all of it,
     * leave-one-category-out over the declared grid, per category, and the ablation; or, with
     * {@code --results}, scores the result files of an earlier 'anomaly nab' run.
     */
    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description =
                    "NAB scores of the shipped detector: all-dev, leave-one-category-out, per"
                            + " category, ablation.")
    static final class Evaluate implements Callable<Integer> {
        @Parameters(
                index = "0",
                description = "<category>/<file>.csv tree with combined_windows.json")
        Path data;

        @Option(
                names = "--results",
                description = "score these result files (the --out of 'anomaly nab') instead")
        Path results;

        @Option(
                names = "--detector",
                defaultValue = Detectors.DEFAULT,
                description = "whose results under --results to score")
        String detector;

        @Option(
                names = "--no-ablation",
                description = "only the shipped configuration (all-dev, LOCO, per category)")
        boolean noAblation;

        @Option(
                names = "--set",
                split = " ",
                description = "detector option overrides name=value (as AnomalyOptions.Builder)")
        List<String> overrides = new ArrayList<>();

        @Override
        public Integer call() {
            if (results != null) {
                NabResult r =
                        NabScorer.score(data.resolve("combined_windows.json"), results, detector);
                System.out.print(r.summary());
                return 0;
            }
            AnomalyOptions o = OptionOverrides.apply(AnomalyOptions.defaults(), overrides);
            List<DetectorEvaluation.Ablation> ablations =
                    DetectorEvaluation.ablations(DetectorEvaluation.GRID, o);
            EvaluationReport.run(
                    new DetectorEvaluation(data, o, System.err::println),
                    o,
                    noAblation ? ablations.subList(0, 1) : ablations,
                    System.out::println,
                    System.err::println);
            return 0;
        }
    }

    /** Simulates a fleet with labelled incidents and reports detection quality. */
    @Command(
            name = "fleet-eval",
            mixinStandardHelpOptions = true,
            description =
                    "Precision, recall, false-alarm rate and delay on simulated fleet incidents.")
    static final class FleetEval implements Callable<Integer> {
        @Mixin SimulatedFleetOptions fleet;

        @Option(names = "--duration", defaultValue = "3h", description = "simulated time")
        String duration;

        @Option(
                names = "--warmup",
                defaultValue = "30m",
                description =
                        "simulated time before the first incident and the first judged window")
        String warmup;

        @Option(
                names = "--set",
                split = " ",
                description =
                        "detector option overrides name=value over the shipped options (to"
                                + " evaluate a variant; the job runs the shipped ones)")
        List<String> overrides = new ArrayList<>();

        @Option(
                names = "--log-false-alerts",
                description = "print each false alert (node, time, scores, top features)")
        boolean logFalseAlerts;

        @Override
        public Integer call() {
            AnomalyOptions detector = OptionOverrides.apply(AnomalyOptions.defaults(), overrides);
            Map<Long, FleetResult> results = new java.util.concurrent.ConcurrentSkipListMap<>();
            Map<Long, List<String>> logs = new java.util.concurrent.ConcurrentSkipListMap<>();
            fleet.seeds.parallelStream()
                    .forEach(
                            seed -> {
                                var settings =
                                        new FleetAnomalyEvaluation.Settings(
                                                fleet.scenario(seed),
                                                Durations.parse(duration).toMillis(),
                                                Durations.parse(warmup).toMillis(),
                                                fleet.incidentEveryMillis(),
                                                5000,
                                                detector,
                                                seed);
                                List<String> log =
                                        java.util.Collections.synchronizedList(new ArrayList<>());
                                results.put(
                                        seed,
                                        new FleetAnomalyEvaluation(settings)
                                                .run(
                                                        p ->
                                                                System.err.println(
                                                                        "seed " + seed + ": " + p),
                                                        logFalseAlerts ? log::add : null));
                                logs.put(seed, log);
                            });
            results.forEach(
                    (seed, r) -> {
                        System.out.println("## seed " + seed);
                        System.out.print(r.table());
                        logs.getOrDefault(seed, List.of()).forEach(System.out::println);
                    });
            if (results.size() > 1) {
                System.out.println("## all seeds");
                System.out.print(FleetResult.pooled(results.values()).table());
            }
            return 0;
        }
    }

    /** Pretrains shared weights from recorded telemetry (a file written by 'qoeflow tail'). */
    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Pretrain a model from recorded telemetry.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "telemetry record file")
        Path input;

        @Option(names = "--out", required = true, description = "model artifact (JSON) to write")
        Path out;

        @Option(names = "--epochs", defaultValue = "3", description = "passes over the data")
        int epochs;

        @Override
        public Integer call() {
            var contents = RecordFile.read(input, Topics.TELEMETRY.codec());
            contents.errors().forEach(e -> System.err.println("skipped " + e));
            List<Telemetry> events = new ArrayList<>(contents.records());
            events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
            WindowedScorer scorer = new WindowedScorer(5000, new QoeMath(QoeOptions.DEFAULTS));
            Map<String, List<double[]>> series = new HashMap<>();
            Map<String, double[]> last = new HashMap<>();
            for (Telemetry t : events) {
                scorer.add(t);
            }
            for (QoeScore s : scorer.advanceTo(Long.MAX_VALUE)) {
                double[] x = QoeFeatures.extract(s, last.get(s.getNodeId()));
                last.put(s.getNodeId(), x);
                series.computeIfAbsent(s.getNodeId(), n -> new ArrayList<>()).add(x);
            }
            List<double[][]> train =
                    series.values().stream().map(l -> l.toArray(new double[0][])).toList();
            if (train.isEmpty()) {
                throw new IllegalArgumentException("no telemetry could be read from " + input);
            }
            AnomalyOptions options = ModelRegistry.builtInModel().options();
            ModelArtifact model =
                    Pretrainer.pretrain(train, ModelRegistry.FEATURES, options, epochs);
            model.save(out);
            System.out.printf(
                    "trained on %d nodes, %d windows; wrote %s%n",
                    train.size(), train.stream().mapToInt(a -> a.length).sum(), out);
            return 0;
        }
    }

    /** Publishes a model to the models topic: the running job swaps it in without a restart. */
    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = "Hot-swap a model into the running job.")
    static final class Publish implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model artifact (JSON)")
        Path model;

        @Option(
                names = "--version",
                required = true,
                description = "model version, reported with every anomaly score")
        String version;

        @Option(names = "--scope", defaultValue = "*", description = "'*' or a device class")
        String scope;

        @Option(names = "--bootstrap", description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--kafka-properties", description = "Kafka client properties file")
        Path kafkaProperties;

        @Override
        public Integer call() throws Exception {
            ModelArtifact.load(model); // fail here, naming the file, rather than in the job
            Properties props =
                    KafkaClientProperties.with(
                            KafkaClientProperties.load(kafkaProperties), bootstrap);
            props.setProperty("acks", "all");
            ModelUpdate u =
                    new ModelUpdate(
                            scope,
                            version,
                            ByteBuffer.wrap(Files.readAllBytes(model)),
                            Instant.now());
            try (var producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.MODELS.name(),
                                        TopicDescriptor.key(scope),
                                        Topics.MODELS.codec().encode(u)))
                        .get();
            }
            System.out.println("published model " + version + " for scope " + scope);
            return 0;
        }
    }
}
