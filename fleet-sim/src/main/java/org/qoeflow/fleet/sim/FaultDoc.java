package org.qoeflow.fleet.sim;

import static org.qoeflow.fleet.sim.ScenarioDoc.error;
import static org.qoeflow.fleet.sim.ScenarioDoc.ms;
import static org.qoeflow.fleet.sim.ScenarioDoc.num;
import static org.qoeflow.fleet.sim.ScenarioDoc.str;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonSubTypes.Type;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.qoeflow.fleet.sim.Scenario.Cloud;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;

/**
 * One entry of a scenario file's {@code faults}: {@code kind} picks the record, so each kind
 * accepts only its own fields besides {@code start}, {@code end}, {@code region} and {@code class}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @Type(
            value = FaultDoc.SlowNode.class,
            names = {"slow_node", "slow-node"}),
    @Type(
            value = FaultDoc.ErrorBurst.class,
            names = {"error_burst", "error-burst"}),
    @Type(
            value = FaultDoc.RegionBrownout.class,
            names = {"region_brownout", "region-brownout"}),
    @Type(
            value = FaultDoc.ThermalWave.class,
            names = {"thermal_wave", "thermal-wave"}),
    @Type(
            value = FaultDoc.BandwidthCollapse.class,
            names = {"bandwidth_collapse", "bandwidth-collapse"}),
    @Type(
            value = FaultDoc.TelemetryBlackout.class,
            names = {"telemetry_blackout", "telemetry-blackout"}),
    @Type(
            value = FaultDoc.BadModelRollout.class,
            names = {"bad_model_rollout", "bad-model-rollout"})
})
sealed interface FaultDoc {
    Duration start();

    Duration end();

    String region();

    String cls();

    /** The fault at {@code p} (e.g. {@code faults[2]}), with the fields common to all checked. */
    FaultSpec toSpec(Target t);

    /** The checked common fields, and what a kind's own fields are checked against. */
    record Target(String p, long start, long end, String region, String cls, Cloud cloud) {
        String region(FaultKind kind) {
            if (region == null) {
                throw error(
                        p + ".region", "is required for " + kind.name().toLowerCase(Locale.ROOT));
            }
            return region;
        }

        int node(FaultKind kind, Double node) {
            region(kind);
            return (int) num(p + ".node", node, 0, cloud.maxNodes() - 1);
        }

        FaultSpec spec(
                FaultKind kind,
                String reg,
                int node,
                String dc,
                String variant,
                double factor,
                double probability,
                double deltaC,
                double share) {
            return new FaultSpec(
                    kind, start, end, reg, node, dc, variant, factor, probability, deltaC, share);
        }
    }

    default FaultSpec toSpec(String p, Set<String> classes, Set<String> regions, Cloud cloud) {
        long s = ms(p + ".start", start(), 0, Long.MAX_VALUE);
        long e = ms(p + ".end", end(), s + 1, Long.MAX_VALUE);
        String r = str(p + ".region", region(), null);
        if (r != null && !regions.contains(r)) {
            throw error(p + ".region", "unknown region '" + r + "'; known: " + regions);
        }
        String c = str(p + ".class", cls(), null);
        if (c != null && !classes.contains(c)) {
            throw error(p + ".class", "unknown device class '" + c + "'; known: " + classes);
        }
        return toSpec(new Target(p, s, e, r, c, cloud));
    }

    record SlowNode(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            Double node,
            Double factor)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            FaultKind k = FaultKind.SLOW_NODE;
            return t.spec(
                    k,
                    t.region(k),
                    t.node(k, node),
                    null,
                    null,
                    num(t.p() + ".factor", factor, 4, 1, 1e4),
                    0,
                    0,
                    0);
        }
    }

    record ErrorBurst(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            Double node,
            Double probability)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            FaultKind k = FaultKind.ERROR_BURST;
            return t.spec(
                    k,
                    t.region(k),
                    t.node(k, node),
                    null,
                    null,
                    1,
                    num(t.p() + ".probability", probability, 0.5, 0, 1),
                    0,
                    0);
        }
    }

    record RegionBrownout(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            Double probability)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            FaultKind k = FaultKind.REGION_BROWNOUT;
            double pr = num(t.p() + ".probability", probability, 0.4, 0, 1);
            return t.spec(k, t.region(k), -1, null, null, 1, pr, 0, 0);
        }
    }

    record ThermalWave(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            Double deltaC)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            double d = num(t.p() + ".delta_c", deltaC, -100, 100);
            return t.spec(FaultKind.THERMAL_WAVE, t.region(), -1, t.cls(), null, 1, 0, d, 0);
        }
    }

    record BandwidthCollapse(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            Double factor)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            double f = num(t.p() + ".factor", factor, 10, 1, 1e6);
            return t.spec(FaultKind.BANDWIDTH_COLLAPSE, t.region(), -1, null, null, f, 0, 0, 0);
        }
    }

    record TelemetryBlackout(
            Duration start, Duration end, String region, @JsonProperty("class") String cls)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            return t.spec(FaultKind.TELEMETRY_BLACKOUT, t.region(), -1, t.cls(), null, 1, 0, 0, 0);
        }
    }

    record BadModelRollout(
            Duration start,
            Duration end,
            String region,
            @JsonProperty("class") String cls,
            String variant,
            Double share,
            Double latencyFactor,
            Double failureRate)
            implements FaultDoc {
        @Override
        public FaultSpec toSpec(Target t) {
            String p = t.p();
            if (str(p + ".variant", variant).contains("/")) {
                throw error(p + ".variant", "must not contain '/'");
            }
            return t.spec(
                    FaultKind.BAD_MODEL_ROLLOUT,
                    t.region(),
                    -1,
                    t.cls(),
                    variant,
                    num(p + ".latency_factor", latencyFactor, 1, 0.01, 100),
                    num(p + ".failure_rate", failureRate, 0, 0, 1),
                    0,
                    num(p + ".share", share, 0.5, 0, 1));
        }
    }
}
