package org.qoeflow.router;

import java.security.PublicKey;
import java.util.Map;
import java.util.Properties;
import org.qoeflow.fleet.client.ControlListener;

/**
 * Wires the router: the fleet's {@link ControlListener} reads the control topic into a {@link
 * HaproxyRouter} that drives HAProxy's runtime API.
 */
public final class RouterRunner implements AutoCloseable {
    private final HaproxyRouter router;
    private final ControlListener listener;

    public RouterRunner(
            RouterConfig config,
            Map<String, PublicKey> trustedKeys,
            Properties kafka,
            RouterMetrics metrics) {
        this(
                config,
                trustedKeys,
                kafka,
                metrics,
                new HaproxySocket(config.runtimeApi(), config.timeout()));
    }

    /** With another runtime API, e.g. a fake in tests. */
    public RouterRunner(
            RouterConfig config,
            Map<String, PublicKey> trustedKeys,
            Properties kafka,
            RouterMetrics metrics,
            RuntimeApi api) {
        this.router =
                new HaproxyRouter(
                        config,
                        new RoutingState(config, trustedKeys),
                        api,
                        metrics,
                        System::currentTimeMillis);
        this.listener =
                new ControlListener(
                        kafka, router::offer, router::undecodable, System::currentTimeMillis);
    }

    public void start() {
        router.start();
        listener.start();
    }

    @Override
    public void close() {
        listener.close();
        router.close();
    }
}
