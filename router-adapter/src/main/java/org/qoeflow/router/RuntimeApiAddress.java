package org.qoeflow.router;

import java.nio.file.Path;

/**
 * Where HAProxy's runtime API listens: {@code unix:<path>} (a {@code stats socket <path> level
 * admin}) or {@code tcp:<host>:<port>} (a {@code stats socket ipv4@<host>:<port> level admin}).
 */
public record RuntimeApiAddress(Path unixSocket, String host, int port) {

    public RuntimeApiAddress {
        if ((unixSocket == null) == (host == null)) {
            throw new IllegalArgumentException("exactly one of a unix socket or a TCP host");
        }
    }

    /** Parses {@code unix:/run/haproxy/admin.sock} or {@code tcp:127.0.0.1:9999}. */
    public static RuntimeApiAddress parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("unix:") && s.length() > "unix:".length()) {
            return new RuntimeApiAddress(Path.of(s.substring("unix:".length())), null, 0);
        }
        if (s.startsWith("tcp:")) {
            String hostPort = s.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0) {
                String host = hostPort.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                try {
                    int port = Integer.parseInt(hostPort.substring(colon + 1));
                    if (port >= 1 && port <= 65535) {
                        return new RuntimeApiAddress(null, host, port);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
        }
        throw new IllegalArgumentException(
                "runtime API address '"
                        + text
                        + "' must be unix:<socket path> or tcp:<host>:<port> (port 1-65535)");
    }

    @Override
    public String toString() {
        return unixSocket != null ? "unix:" + unixSocket : "tcp:" + host + ":" + port;
    }
}
