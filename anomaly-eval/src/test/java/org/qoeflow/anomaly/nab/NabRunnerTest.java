package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.anomaly.TestingSeries;

class NabRunnerTest {

    private static String ts(int t) {
        return NabWindows.TIMESTAMP.format(
                Instant.ofEpochMilli(TestingSeries.timestamp(t)).atOffset(ZoneOffset.UTC));
    }

    /** Two-file corpus: one daily series with a spike at row 1500, one without anomalies. */
    private static Path corpus(Path dir) throws IOException {
        Path data = dir.resolve("data");
        writeSeries(data.resolve("catA/spiky.csv"), TestingSeries.daily(2000, 1500, 1));
        writeSeries(data.resolve("catB/calm.csv"), TestingSeries.daily(1200, -1, 2));
        Files.writeString(
                data.resolve("combined_windows.json"),
                "{\"catA/spiky.csv\": [[\""
                        + ts(1450)
                        + ".000000\", \""
                        + ts(1549)
                        + ".000000\"]], \"catB/calm.csv\": []}");
        return data;
    }

    private static void writeSeries(Path file, double[] x) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int t = 0; t < x.length; t++) {
            sb.append(ts(t)).append(',').append(String.format("%.3f", x[t])).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    @Test
    void writesNabResultFilesWithTheSameRowsInTheSameOrder(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        Path out = dir.resolve("results");
        List<String> done = new ArrayList<>();
        List<Path> written = NabRunner.run(data, out, "lstm", done::add);
        assertThat(done).hasSize(2);
        Path result = out.resolve("lstm/catA/lstm_spiky.csv");
        assertThat(written).contains(result, out.resolve("lstm/catB/lstm_calm.csv"));
        List<String> in = Files.readAllLines(data.resolve("catA/spiky.csv"));
        List<String> res = Files.readAllLines(result);
        assertThat(res.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        assertThat(res).hasSameSizeAs(in);
        for (int i = 1; i < in.size(); i++) {
            String[] cols = res.get(i).split(",");
            assertThat(cols[0] + "," + cols[1]).isEqualTo(in.get(i));
            assertThat(Double.parseDouble(cols[2])).isBetween(0.0, 1.0);
            assertThat(cols[3]).isEqualTo("0");
        }
    }

    @Test
    void lstmDetectsTheSpikeAndNullScoresZero(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        Path out = dir.resolve("results");
        Path labels = data.resolve("combined_windows.json");
        NabRunner.run(data, out, "lstm", f -> {});
        NabRunner.run(data, out, "null", f -> {});
        NabResult lstm = NabScorer.score(labels, out, "lstm");
        // a detection at the spike (row 1500 of window 1450..1549) alone earns
        // S(-0.5) / S(-1) = 0.8483 / 0.9866 = 0.86, i.e. a normalized score of 93; each false
        // positive costs at most 0.11 / 2 = 5.5 points, so > 75 leaves room for three
        assertThat(lstm.standard()).isGreaterThan(75.0);
        assertThat(NabScorer.score(labels, out, "null").standard()).isEqualTo(0.0);
    }

    @Test
    void isolationForestBaselineRunsWithoutNativeLibraries(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        Path out = dir.resolve("results");
        NabRunner.run(data, out, "isolation-forest", f -> {});
        NabResult r =
                NabScorer.score(data.resolve("combined_windows.json"), out, "isolation-forest");
        assertThat(r.standard()).isBetween(-1000.0, 100.0);
        assertThat(
                        Files.readAllLines(
                                out.resolve("isolation-forest/catA/isolation-forest_spiky.csv")))
                .hasSize(2001);
    }
}
