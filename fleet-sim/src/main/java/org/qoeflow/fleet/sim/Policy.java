package org.qoeflow.fleet.sim;

import java.util.Locale;

/**
 * How the simulated fleet decides where to serve: the closed-loop control law, or a fixed rule with
 * uniform routing and no controller (static threshold, the naive FLOPS rule, edge-only,
 * cloud-only). {@code best-static} is a sweep over static thresholds, see {@link Backtest}.
 */
public sealed interface Policy {
    String label();

    /** The control law in the loop. */
    record ClosedLoop() implements Policy {
        public String label() {
            return "closed-loop";
        }
    }

    /** Offload when the predicted local latency exceeds a fixed threshold. */
    record Static(double thresholdMs) implements Policy {
        public String label() {
            return "static:" + number(thresholdMs);
        }
    }

    /**
     * The field's rule, per device class and region: offload iff {@code model_gflop / device_gflops
     * - model_gflop / (bandwidth_mbps * 10) > sla} (seconds), from nominal figures.
     */
    record Naive() implements Policy {
        public String label() {
            return "naive";
        }
    }

    /** Never offload. */
    record EdgeOnly() implements Policy {
        public String label() {
            return "edge-only";
        }
    }

    /** Always offload. */
    record CloudOnly() implements Policy {
        public String label() {
            return "cloud-only";
        }
    }

    /**
     * A reference bound, not a deployable policy: every request's random outcomes are drawn first
     * (its local service time and success, its network time, its service time and success on each
     * cloud node of the region, behind the queues as they are) and the request goes where it
     * succeeds fastest. No controller sees this much. It is greedy — it ignores what a placement
     * does to later requests — so it is a strong reference point, not a proof of optimality.
     */
    record Oracle() implements Policy {
        public String label() {
            return "oracle";
        }
    }

    /**
     * A reference bound on placement by means, not a deployable policy: each request goes where its
     * expected cost is lowest, the device (its queue wait and mean local service time at its
     * current clock and model variant) or the cloud node of its region with the lowest expected
     * cost (mean network time at the device's current bandwidth and the region's mean RTT, the
     * node's queue at the mean arrival, its mean service time), each option's success probability
     * as it truly is now (faults included) and a failure charged the scenario's request timeout. It
     * knows every mean a controller could know at the request's arrival and none of the request's
     * own random draws, which is what separates it from {@link Oracle}. Greedy in expected cost,
     * not a p95 optimum: {@code biasMs} (0 by default) is added to the cloud's expected cost before
     * the comparison, so a sweep over it finds the best rule of this family at p95.
     */
    record MeanOracle(double biasMs) implements Policy {
        public MeanOracle() {
            this(0);
        }

        public String label() {
            return biasMs == 0 ? "oracle-mean" : "oracle-mean:" + number(biasMs);
        }
    }

    /** Sweep static thresholds, keep the best in hindsight. */
    record BestStatic() implements Policy {
        public String label() {
            return "best-static";
        }
    }

    private static String number(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.valueOf(ms);
    }

    /**
     * Parses {@code
     * closed-loop|static:<ms>|naive|edge-only|cloud-only|best-static|oracle|oracle-mean[:<bias
     * ms>]}.
     */
    static Policy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("oracle-mean:")) {
            try {
                double ms = Double.parseDouble(t.substring("oracle-mean:".length()));
                if (!Double.isFinite(ms) || Math.abs(ms) > 10_000) {
                    throw new NumberFormatException();
                }
                return new MeanOracle(ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "policy oracle-mean:<bias> needs a bias in ms between -10000 and 10000,"
                                + " got '"
                                + text
                                + "'");
            }
        }
        if (t.startsWith("static:")) {
            try {
                double ms = Double.parseDouble(t.substring("static:".length()));
                if (!(ms >= 0) || Double.isInfinite(ms)) {
                    throw new NumberFormatException();
                }
                return new Static(ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "policy static:<threshold> needs a threshold in ms >= 0, got '"
                                + text
                                + "'");
            }
        }
        return switch (t) {
            case "closed-loop" -> new ClosedLoop();
            case "naive" -> new Naive();
            case "edge-only" -> new EdgeOnly();
            case "cloud-only" -> new CloudOnly();
            case "best-static" -> new BestStatic();
            case "oracle" -> new Oracle();
            case "oracle-mean" -> new MeanOracle();
            default ->
                    throw new IllegalArgumentException(
                            "unknown policy '"
                                    + text
                                    + "'; use closed-loop, static:<ms>, naive, edge-only,"
                                    + " cloud-only, best-static, oracle or oracle-mean[:<bias ms>]");
        };
    }
}
