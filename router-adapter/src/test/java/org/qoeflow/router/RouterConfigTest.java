package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigTest {
    static final String VALID =
            """
            haproxy:
              runtime-api: unix:/run/haproxy/admin.sock
            regions:
              eu-west:
                cloud-eu-west-0: inference_eu/node0
                cloud-eu-west-1: inference_eu/node1
              us-east:
                cloud-us-east-0: inference_us/node0
            """;

    @Test
    void readsTheMappingWithDefaults() {
        RouterConfig c = RouterConfig.parse(VALID);
        assertThat(c.runtimeApi().unixSocket()).isEqualTo(Path.of("/run/haproxy/admin.sock"));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.resyncEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.regions().get("eu-west"))
                .containsEntry("cloud-eu-west-1", new ServerRef("inference_eu", "node1"));
        assertThat(c.backends()).containsExactly("inference_eu", "inference_us");
    }

    @Test
    void readsATcpRuntimeApiAndIntervals() {
        RouterConfig c =
                RouterConfig.parse(
                        "haproxy: {runtime-api: 'tcp:127.0.0.1:9999', timeout: 500ms}\n"
                                + "resync-every: 2s\nregions: {r1: {n1: be/s1}}\n");
        assertThat(c.runtimeApi()).isEqualTo(new RuntimeApiAddress(null, "127.0.0.1", 9999));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.resyncEvery()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void everyErrorNamesTheKeyAndWhatIsAllowed() {
        String tail = "regions: {r1: {n1: be/s1}}\n";
        assertThatThrownBy(() -> RouterConfig.parse("haproxy: {}\n" + tail))
                .hasMessageContaining("haproxy.runtime-api is required");
        assertThatThrownBy(() -> RouterConfig.parse("haproxy: {runtime-api: '/x.sock'}\n" + tail))
                .hasMessageContaining("must be unix:<socket path> or tcp:<host>:<port>");
        assertThatThrownBy(
                        () -> RouterConfig.parse("haproxy: {runtime-api: 'tcp:h:70000'}\n" + tail))
                .hasMessageContaining("port 1-65535");
        assertThatThrownBy(
                        () ->
                                RouterConfig.parse(
                                        "haproxy: {runtime-api: 'unix:/x', socket: 1}\n" + tail))
                .hasMessage("unknown key haproxy.socket (allowed: runtime-api, timeout)");
        assertThatThrownBy(
                        () ->
                                RouterConfig.parse(
                                        "haproxy: {runtime-api: 'unix:/x'}\nresync-every: 0s\n"
                                                + tail))
                .hasMessage("resync-every must be in [50ms, 1h], got PT0S");
        assertThatThrownBy(
                        () ->
                                RouterConfig.parse(
                                        "haproxy: {runtime-api: 'unix:/x', timeout: soon}\n"
                                                + tail))
                .hasMessageStartingWith("haproxy.timeout: invalid duration 'soon'");
    }

    @Test
    void rejectsBadMappings() {
        String head = "haproxy: {runtime-api: 'unix:/x'}\n";
        assertThatThrownBy(() -> RouterConfig.parse(head))
                .hasMessageContaining("regions: must map at least one region");
        assertThatThrownBy(() -> RouterConfig.parse(head + "regions: {r1: {}}\n"))
                .hasMessage("regions.r1 maps no cloud node to a server");
        assertThatThrownBy(() -> RouterConfig.parse(head + "regions: {r1: {n1: 'be/s1;quit'}}\n"))
                .hasMessageContaining("regions.r1.n1: server name 's1;quit' must be");
        assertThatThrownBy(() -> RouterConfig.parse(head + "regions: {r1: {n1: be}}\n"))
                .hasMessageContaining("regions.r1.n1: expected <backend>/<server>");
        assertThatThrownBy(
                        () ->
                                RouterConfig.parse(
                                        head + "regions: {r1: {n1: be/s1}, r2: {n2: be/s1}}\n"))
                .hasMessage("server be/s1 is mapped twice: regions.r1.n1 and regions.r2.n2");
        assertThatThrownBy(() -> RouterConfig.parse(head + "regions: {'eu/west': {n1: be/s1}}\n"))
                .hasMessageContaining("region 'eu/west' must match");
        assertThatThrownBy(() -> RouterConfig.parse("- a\n- b\n"))
                .hasMessageContaining("expected a mapping");
    }

    @Test
    void aFileErrorNamesTheFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("router.yaml");
        Files.writeString(f, "haproxy: {runtime-api: 'unix:/x'}\nregions: {r1: {n1: 5}}\n");
        assertThatThrownBy(() -> RouterConfig.load(f))
                .hasMessage(f + ": regions.r1.n1 must be a string backend/server");
        assertThat(RouterConfig.load(write(tmp, RouterConfigTest.VALID)).regions())
                .containsOnlyKeys("eu-west", "us-east");
    }

    static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("valid.yaml");
        Files.writeString(f, text);
        return f;
    }
}
