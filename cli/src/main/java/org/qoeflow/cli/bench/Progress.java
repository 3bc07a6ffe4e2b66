package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a phase's progress at most once per interval. */
final class Progress {
    private final PrintWriter out;
    private final String phase;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrint = start;

    Progress(PrintWriter out, String phase, long total) {
        this.out = out;
        this.phase = phase;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrint >= 2_000_000_000L) {
            lastPrint = now;
            double s = (now - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "  %s: %,d / %,d (%.0f%%) in %.0f s, %,.0f/s%n",
                    phase,
                    done,
                    total,
                    100.0 * done / Math.max(1, total),
                    s,
                    done / s);
        }
    }
}
