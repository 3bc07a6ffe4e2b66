package org.qoeflow.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free local TCP ports and recognises bind failures. */
final class Ports {
    private Ports() {}

    /** Returns a port that was free on the loopback address a moment ago. */
    static int free() {
        try (ServerSocket socket =
                new ServerSocket(0, 1, InetAddress.getByName(BrokerProperties.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    /** True if some port is probed (0) and every fixed port in {@code options} is bindable. */
    static boolean onlyProbedPortsCanBeTaken(EmbeddedKafkaBuilder options) {
        boolean anyProbed = options.port == 0 || options.controllerPort == 0;
        return anyProbed && isFreeOrProbed(options.port) && isFreeOrProbed(options.controllerPort);
    }

    private static boolean isFreeOrProbed(int port) {
        if (port == 0) {
            return true;
        }
        try (ServerSocket socket =
                new ServerSocket(port, 1, InetAddress.getByName(BrokerProperties.HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isBindFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
