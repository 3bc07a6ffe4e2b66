package org.qoeflow.bench;

import java.util.Random;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.step.ModelRegistry;

/**
 * Heap a node's live detector takes (the job's anomaly state on a heap backend) against its bytes
 * (other backends): {@code java -cp bench/target/benchmarks.jar org.qoeflow.bench.DetectorHeap N}
 * builds N built-in detectors, steps each 30 times, and reports used heap after GC per detector,
 * before and after each wrote one snapshot (which keeps its scratch buffer); then the snapshot's
 * bytes per part after those 30 windows and after one more day of 5 s windows (every seasonal slot
 * visited).
 */
public final class DetectorHeap {
    private DetectorHeap() {}

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        if (n < 1) {
            throw new IllegalArgumentException("N must be >= 1, got " + n);
        }
        ModelRegistry registry = new ModelRegistry();
        registry.builtIn();
        Random r = new Random(1);
        double[] x = new double[ModelRegistry.FEATURES.dimension()];
        long before = usedAfterGc();
        StatefulDetector[] detectors = new StatefulDetector[n];
        for (int i = 0; i < n; i++) {
            detectors[i] = registry.newDetector(ModelRegistry.BUILT_IN_VERSION);
            for (int k = 0; k < 30; k++) {
                for (int j = 0; j < x.length; j++) {
                    x[j] = r.nextGaussian();
                }
                detectors[i].score(k * 5000L, x);
            }
        }
        long live = usedAfterGc() - before;
        long bytes = 0;
        for (StatefulDetector d : detectors) {
            bytes += d.snapshot().length;
        }
        long afterSnapshot = usedAfterGc() - before;
        java.lang.ref.Reference.reachabilityFence(detectors); // measured while still held
        System.out.printf(
                "detectors=%d live_heap_bytes_per_node=%d after_snapshot=%d snapshot_bytes=%d%n",
                n, live / n, afterSnapshot / n, bytes / n);
        LstmDetector one = (LstmDetector) detectors[0];
        System.out.println("snapshot_parts after 30 windows: " + parts(one));
        for (int k = 30; k < 30 + 17_280; k++) { // one more day of 5 s windows
            for (int j = 0; j < x.length; j++) {
                x[j] = r.nextGaussian();
            }
            one.score(k * 5000L, x);
        }
        System.out.println("snapshot_parts after one day: " + parts(one));
        System.out.println("max_state_bytes=" + one.maxStateBytes());
    }

    private static String parts(LstmDetector d) {
        int[] sizes = d.snapshotBreakdown();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            b.append(LstmDetector.SNAPSHOT_PARTS.get(i)).append('=').append(sizes[i]).append(' ');
        }
        return b.append("total=").append(d.snapshot().length).toString();
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
