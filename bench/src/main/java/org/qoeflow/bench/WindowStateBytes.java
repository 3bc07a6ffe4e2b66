package org.qoeflow.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;
import org.qoeflow.qoe.NodeWindowsCodec;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * Window state per node as the job's serializer writes it ({@code NodeWindowsSerializer}: format 1
 * and format 2), for each node of the demo fleet at the bench's rates with one window kept for
 * allowed lateness (fired) and one open, as a savepoint mostly catches them: {@code java -cp
 * bench/target/benchmarks.jar org.qoeflow.bench.WindowStateBytes N} with N edge devices.
 */
public final class WindowStateBytes {
    private static final double REQUESTS_PER_DEVICE = 2.5; // the bench's (BenchFleet) rate

    private WindowStateBytes() {}

    public static void main(String[] args) throws IOException {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        if (devices < 1) {
            throw new IllegalArgumentException("N must be >= 1, got " + devices);
        }
        List<Telemetry> events = FleetSample.telemetry(devices, REQUESTS_PER_DEVICE, 20);
        long t0 = events.get(0).getEventTime().toEpochMilli();
        long open = NodeWindows.startOf(t0, FleetWindows.WINDOW_MS) + 3 * FleetWindows.WINDOW_MS;
        long lateness = open - FleetWindows.WINDOW_MS;
        Map<String, NodeWindows> nodes = new TreeMap<>();
        Map<String, Tier> tiers = new TreeMap<>();
        for (Telemetry e : events) {
            long start =
                    NodeWindows.startOf(e.getEventTime().toEpochMilli(), FleetWindows.WINDOW_MS);
            if (start != open && start != lateness) {
                continue;
            }
            NodeWindows w = nodes.computeIfAbsent(e.getNodeId(), k -> new NodeWindows());
            int i = w.indexOf(start);
            if (i < 0) {
                i = w.open(start);
                if (start == lateness) {
                    w.fire(i);
                }
            }
            w.stats(i).add(e);
            tiers.put(e.getNodeId(), e.getTier());
        }
        for (Tier tier : Tier.values()) {
            long n = 0;
            long format1 = 0;
            long format2 = 0;
            long windows = 0;
            for (Map.Entry<String, NodeWindows> node : nodes.entrySet()) {
                if (tiers.get(node.getKey()) != tier) {
                    continue;
                }
                n++;
                windows += node.getValue().size();
                format1 += format1Bytes(node.getValue());
                format2 += format2Bytes(node.getValue());
            }
            if (n > 0) {
                System.out.printf(
                        "tier=%s nodes=%d windows_per_node=%.2f format1_bytes_per_node=%d"
                                + " format2_bytes_per_node=%d%n",
                        tier, n, (double) windows / n, format1 / n, format2 / n);
            }
        }
    }

    /** What format 1 wrote: a 4-byte count, per window start, revision, length and stats bytes. */
    static int format1Bytes(NodeWindows w) {
        int bytes = 4;
        for (int i = 0; i < w.size(); i++) {
            NodeWindowStats s = w.stats(i);
            bytes += 8 + 4 + 4 + s.toBytes().length;
        }
        return bytes;
    }

    /** What format 2 writes: its format byte, then {@link NodeWindowsCodec}'s form. */
    static int format2Bytes(NodeWindows w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeWindowsCodec.write(w, out);
        return 1 + out.size();
    }
}
