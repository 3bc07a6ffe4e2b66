package org.qoeflow.router;

import java.io.IOException;
import java.util.Map;

/** The two things the router asks of a load balancer: read its server weights, set one. */
public interface RuntimeApi {
    /** The current weight of every server of {@code backend}. */
    Map<ServerRef, Integer> weights(String backend) throws IOException;

    /** Sets {@code server}'s weight ({@code 0..256}; 0 drains it). */
    void setWeight(ServerRef server, int weight) throws IOException;
}
