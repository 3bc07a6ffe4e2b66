package org.qoeflow.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * HAProxy's runtime API over its stats socket (unix or TCP), in non-interactive mode: one
 * connection per command, which HAProxy answers and then closes. A restarted HAProxy is simply
 * reached again by the next command.
 */
public final class HaproxySocket implements RuntimeApi {
    /** More than any answer for a backend's servers needs; a longer one is refused. */
    static final int MAX_ANSWER_BYTES = 4 << 20;

    private final RuntimeApiAddress address;
    private final Duration timeout;

    public HaproxySocket(RuntimeApiAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    @Override
    public Map<ServerRef, Integer> weights(String backend) throws IOException {
        // Nothing but a name goes into the command line.
        ServerRef.requireName("backend", backend);
        String answer = command("show servers state " + backend);
        try {
            return ServersState.weights(answer);
        } catch (IllegalArgumentException e) {
            throw new IOException("HAProxy at " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setWeight(ServerRef server, int weight) throws IOException {
        if (weight < 0 || weight > HaproxyWeights.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be in [0, 256], got " + weight);
        }
        String answer = command("set server " + server + " weight " + weight).strip();
        if (!answer.isEmpty()) {
            // Success is an empty answer; anything else is HAProxy's error message.
            throw new IOException(
                    "HAProxy at "
                            + address
                            + " refused weight "
                            + weight
                            + " for "
                            + server
                            + ": "
                            + answer);
        }
    }

    /** Sends one command line and returns the whole answer. */
    String command(String line) throws IOException {
        SocketAddress target =
                address.unixSocket() != null
                        ? UnixDomainSocketAddress.of(address.unixSocket())
                        : new InetSocketAddress(address.host(), address.port());
        try (SocketChannel ch =
                        address.unixSocket() != null
                                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                                : SocketChannel.open();
                Selector selector = Selector.open()) {
            if (address.unixSocket() != null) {
                ch.connect(target); // a local socket: accepted or refused at once
            } else {
                ch.socket().connect(target, (int) Math.max(1, timeout.toMillis()));
            }
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            return readUntilClosed(ch, selector, line);
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            throw new IOException(
                    "HAProxy runtime API at " + address + " (" + line + "): " + e.getMessage(), e);
        }
    }

    private String readUntilClosed(SocketChannel ch, Selector selector, String line)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException(
                        "HAProxy at "
                                + address
                                + " did not answer '"
                                + line
                                + "' within "
                                + timeout);
            }
            selector.select(left);
            selector.selectedKeys().clear();
            int n;
            while ((n = ch.read(buf.clear())) > 0) {
                answer.write(buf.array(), 0, n);
                if (answer.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("HAProxy answer to '" + line + "' exceeds 4 MiB");
                }
            }
            if (n < 0) {
                return answer.toString(StandardCharsets.US_ASCII);
            }
        }
    }
}
