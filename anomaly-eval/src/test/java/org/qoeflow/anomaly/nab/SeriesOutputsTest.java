package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.TestingSeries;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;

class SeriesOutputsTest {

    private static String ts(int t) {
        return NabWindows.TIMESTAMP.format(
                Instant.ofEpochMilli(TestingSeries.timestamp(t)).atOffset(ZoneOffset.UTC));
    }

    private static Path corpus(Path dir) throws IOException {
        Path data = dir.resolve("data");
        write(data.resolve("catA/spiky.csv"), TestingSeries.daily(2000, 1500, 1));
        write(data.resolve("catB/calm.csv"), TestingSeries.daily(1500, 900, 2));
        Files.writeString(
                data.resolve("combined_windows.json"),
                "{\"catA/spiky.csv\": [[\""
                        + ts(1450)
                        + ".000000\", \""
                        + ts(1549)
                        + ".000000\"]], \"catB/calm.csv\": [[\""
                        + ts(880)
                        + ".000000\", \""
                        + ts(940)
                        + ".000000\"]]}");
        return data;
    }

    private static void write(Path file, double[] x) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int t = 0; t < x.length; t++) {
            sb.append(ts(t)).append(',').append(String.format("%.3f", x[t])).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    @Test
    void replayedAlertRuleGivesTheDetectorsOwnScores(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        NabWindows labels = NabWindows.read(data.resolve("combined_windows.json"));
        for (AnomalyOptions o :
                List.of(
                        AnomalyOptions.defaults(),
                        AnomalyOptions.builder().alertMargin(0).suppressEvents(75).build(),
                        AnomalyOptions.builder().alertScore(0.4).alertMargin(3).build())) {
            List<SeriesOutputs> outputs =
                    SeriesOutputs.run(data, labels, o.toBuilder().alertMargin(1).build());
            List<NabScorer.ScoredFile> direct =
                    NabRunner.scoreInMemory(
                            data,
                            labels,
                            () ->
                                    new LstmDetector(
                                            ModelArtifact.untrained(
                                                    o, FeatureSpec.scalar("value"))));
            for (NabScorer.ScoredFile d : direct) {
                SeriesOutputs s =
                        outputs.stream().filter(x -> x.name().equals(d.name())).findFirst().get();
                assertThat(s.scored(o.alertScore(), o.suppressEvents(), o.alertMargin()).scores())
                        .containsExactly(d.scores());
            }
        }
    }

    @Test
    void theSpikeAlertsAndCategoriesComeFromFolders(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        NabWindows labels = NabWindows.read(data.resolve("combined_windows.json"));
        AnomalyOptions o = AnomalyOptions.defaults();
        List<SeriesOutputs> outputs = SeriesOutputs.run(data, labels, o);
        SeriesOutputs spiky = outputs.stream().min(Comparator.comparing(SeriesOutputs::name)).get();
        assertThat(spiky.category()).isEqualTo("catA");
        double[] s = spiky.scored(o.alertScore(), o.suppressEvents(), o.alertMargin()).scores();
        assertThat(s[1500]).isGreaterThanOrEqualTo(o.alertScore());
    }
}
