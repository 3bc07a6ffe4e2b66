package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket protocol against a stand-in that answers like HAProxy's non-interactive mode. */
class HaproxySocketTest {
    @TempDir Path tmp;
    ServerSocketChannel server;
    final List<String> received = new CopyOnWriteArrayList<>();

    /** Answers each connection's one command line with {@code answer}, then closes it. */
    HaproxySocket serve(Function<String, String> answer, boolean close) throws IOException {
        Path sock = tmp.resolve("admin.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        Thread t =
                new Thread(
                        () -> {
                            while (server.isOpen()) {
                                try (SocketChannel c = server.accept()) {
                                    String line = readLine(c);
                                    received.add(line);
                                    c.write(
                                            ByteBuffer.wrap(
                                                    answer.apply(line)
                                                            .getBytes(StandardCharsets.US_ASCII)));
                                    if (!close) {
                                        Thread.sleep(2_000);
                                    }
                                } catch (IOException | InterruptedException e) {
                                    return;
                                }
                            }
                        });
        t.setDaemon(true);
        t.start();
        return new HaproxySocket(RuntimeApiAddress.parse("unix:" + sock), Duration.ofMillis(300));
    }

    static String readLine(SocketChannel c) throws IOException {
        StringBuilder s = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (c.read(one.clear()) > 0 && one.get(0) != '\n') {
            s.append((char) one.get(0));
        }
        return s.toString();
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void setsAWeightWithOneCommandLineAndAcceptsTheEmptyAnswer() throws Exception {
        HaproxySocket api = serve(line -> "\n", true);
        api.setWeight(new ServerRef("be", "n0"), 128);
        assertThat(received).containsExactly("set server be/n0 weight 128");
    }

    @Test
    void anyOtherAnswerToSetIsHaproxysErrorAndIsRaised() throws Exception {
        HaproxySocket api = serve(line -> "No such server.\n\n", true);
        assertThatThrownBy(() -> api.setWeight(new ServerRef("be", "nx"), 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused weight 1 for be/nx: No such server.");
    }

    @Test
    void readsWeightsFromShowServersState() throws Exception {
        HaproxySocket api = serve(line -> ServersStateTest.ANSWER, true);
        assertThat(api.weights("be")).containsEntry(new ServerRef("be", "n0"), 100);
        assertThat(received).containsExactly("show servers state be");
        assertThatThrownBy(() -> api.weights("be;shutdown sessions"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnswerThatNeverEndsTimesOut() throws Exception {
        HaproxySocket api = serve(line -> "1\n", false);
        assertThatThrownBy(() -> api.weights("be")).hasMessageContaining("did not answer");
    }

    @Test
    void aMissingSocketNamesTheAddress() {
        HaproxySocket api =
                new HaproxySocket(
                        RuntimeApiAddress.parse("unix:" + tmp.resolve("none.sock")),
                        Duration.ofMillis(300));
        assertThatThrownBy(() -> api.setWeight(new ServerRef("be", "n0"), 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("none.sock");
    }
}
