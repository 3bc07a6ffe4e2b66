package org.qoeflow.router;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An in-memory load balancer: servers with weights, a log of set calls, injectable failures. */
final class TestingRuntimeApi implements RuntimeApi {
    final Map<ServerRef, Integer> weights = new TreeMap<>();
    final List<String> sets = new ArrayList<>();
    boolean down;

    TestingRuntimeApi(Map<ServerRef, Integer> initial) {
        weights.putAll(initial);
    }

    @Override
    public synchronized Map<ServerRef, Integer> weights(String backend) throws IOException {
        if (down) {
            throw new IOException("connection refused");
        }
        Map<ServerRef, Integer> out = new TreeMap<>();
        weights.forEach(
                (s, w) -> {
                    if (s.backend().equals(backend)) {
                        out.put(s, w);
                    }
                });
        return out;
    }

    @Override
    public synchronized void setWeight(ServerRef server, int weight) throws IOException {
        if (down) {
            throw new IOException("connection refused");
        }
        if (!weights.containsKey(server)) {
            throw new IOException("No such server.");
        }
        weights.put(server, weight);
        sets.add(server + "=" + weight);
    }
}
