package org.qoeflow.cli;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.qoeflow.fleet.client.TrustedKeys;
import org.qoeflow.router.RouterConfig;
import org.qoeflow.router.RouterMetrics;
import org.qoeflow.router.RouterRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qoeflow router}: applies the controller's routing weights to a real load balancer. */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        description =
                "Apply the controller's signed routing/<region> weights to a real load balancer.",
        subcommands = {RouterCommand.Haproxy.class})
public final class RouterCommand {

    /** Drives HAProxy's runtime API from the control topic until stopped. */
    @Command(
            name = "haproxy",
            mixinStandardHelpOptions = true,
            description =
                    "Set HAProxy server weights (set server <backend>/<server> weight N on the"
                            + " stats socket) from signed routing updates; re-applies them after"
                            + " an HAProxy restart, keeps them while the controller is silent.")
    static final class Haproxy implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(Haproxy.class);

        @Option(
                names = "--config",
                required = true,
                description =
                        "YAML: haproxy.runtime-api, resync-every, regions.<region>.<cloud node"
                                + " id>: <backend>/<server> (see docs/routing.md)")
        Path config;

        @Mixin KafkaConnection kafkaConnection;

        @Option(
                names = {"--trust", "--public-key"},
                required = true,
                description =
                        "controller public key <keyId>.pub, or a directory of them (see 'qoeflow"
                                + " keys'); updates not signed by one of them are never applied")
        Path trust;

        @Option(names = "--metrics-port", defaultValue = "9467", description = "0 disables")
        int metricsPort;

        @Option(
                names = "--metrics-host",
                defaultValue = "127.0.0.1",
                description = "address the metrics server binds (default ${DEFAULT-VALUE})")
        String metricsHost;

        @Override
        public Integer call() throws Exception {
            // Everything validated before anything starts: a bad file names itself, binds no port.
            RouterConfig cfg = RouterConfig.load(config);
            Map<String, PublicKey> keys = TrustedKeys.load(trust);
            Properties kafka = kafkaConnection.properties();
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            RouterMetrics metrics = new RouterMetrics(registry);
            CountDownLatch stop = new CountDownLatch(1);
            HTTPServer http = null;
            try (RouterRunner router = new RouterRunner(cfg, keys, kafka, metrics)) {
                if (metricsPort != 0) {
                    http =
                            HTTPServer.builder()
                                    .hostname(metricsHost)
                                    .port(metricsPort)
                                    .registry(registry)
                                    .buildAndStart();
                    LOG.info("metrics on http://{}:{}/metrics", metricsHost, http.getPort());
                }
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                router.start();
                System.out.printf(
                        "router: HAProxy at %s, regions %s, trusting %s; control topic on %s%n",
                        cfg.runtimeApi(),
                        cfg.regions().keySet(),
                        keys.keySet(),
                        kafka.getProperty("bootstrap.servers"));
                stop.await();
            } finally {
                if (http != null) {
                    http.close();
                }
            }
            return 0;
        }
    }
}
