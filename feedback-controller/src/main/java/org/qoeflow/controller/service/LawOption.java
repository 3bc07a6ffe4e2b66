package org.qoeflow.controller.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.LawOverrides;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --law name=value} option, one definition for every command that runs the control law
 * (controller, sim, replay), parsed by {@link LawOverrides}; a bad name or value is a usage error
 * of the command that names it.
 */
public final class LawOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--law",
            paramLabel = "NAME=VALUE",
            description =
                    "override a control law option (repeatable), e.g. --law slaMs=800"
                            + " --law drain.anomalyHold=90s; a name is given alone or as"
                            + " group.name, checked against its range (docs/control.md). "
                            + LawOption.NAMES)
    List<String> items = new ArrayList<>();

    /** The option names by group, for {@code --help}; LawOptionTest checks them against the law. */
    static final String NAMES =
            "loop: decisionInterval, window, staleAfter, staleWindows, validity, regionScopes;"
                    + " offload: thresholdInitialMs, thresholdMinMs, thresholdMaxMs, thresholdGain,"
                    + " thresholdMaxStepMs, defaultNetworkMs, slaMs, payloadKbit,"
                    + " minOffloadedRequests, networkSmoothing, baseDrift, edgeFailMargin,"
                    + " failureHalfLife;"
                    + " admission: admitHighInflation, admitLowInflation, admitDecrease,"
                    + " admitIncrease, minAdmit;"
                    + " routing: minWeight, weightSmoothing, failurePenaltyMs, costDecay,"
                    + " costPeakRatio, weightMaxStep, weightDeadband, routingGain,"
                    + " routingCostDeadband;"
                    + " drain: successFloor, drainPeerMargin, anomalyHold, maxAnomalyDrainShare,"
                    + " anomalyCostMargin, drainSignificance;"
                    + " fallback: fallbackThresholdMs, fallbackAdmit, fallbackRoutingBlend";

    /** The parsed overrides. */
    public LawOverrides overrides() {
        return checked(() -> LawOverrides.parse(items));
    }

    /** {@code base} with the overrides. */
    public LawOptions applyTo(LawOptions base) {
        return checked(() -> overrides().applyTo(base));
    }

    private <T> T checked(Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
    }
}
