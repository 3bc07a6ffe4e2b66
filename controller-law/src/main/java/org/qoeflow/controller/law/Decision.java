package org.qoeflow.controller.law;

import java.util.Map;
import org.qoeflow.schema.ControlKind;

/** One control decision for a scope, with a short machine-readable reason. */
public record Decision(
        String scope,
        ControlKind kind,
        Double offloadThresholdMs,
        Map<String, Double> routingWeights,
        String reason) {}
