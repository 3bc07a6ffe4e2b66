package org.qoeflow.controller.law;

import org.qoeflow.schema.Tier;

/** Test builders of node views. */
final class Views {
    private Views() {}

    static NodeView cloud(String id, double load, double success) {
        return new NodeView(
                id, Tier.CLOUD, "eu", "gpu", 10_000, 0, 100, 300, success, load, 300, Double.NaN);
    }

    static NodeView edge(String cls, double local, double offloaded, long requests) {
        return new NodeView(
                "e-" + cls + local,
                Tier.EDGE,
                "eu",
                cls,
                10_000,
                0,
                requests,
                local,
                1.0,
                0.1,
                local,
                offloaded);
    }
}
