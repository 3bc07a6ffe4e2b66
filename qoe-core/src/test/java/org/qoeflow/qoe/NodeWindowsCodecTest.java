package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.qoe.TestTelemetry.request;
import static org.qoeflow.qoe.TestTelemetry.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.Tier;

class NodeWindowsCodecTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void roundTripsEveryFieldOfEveryWindow() throws IOException {
        NodeWindows w = windows();
        NodeWindows back = NodeWindowsCodec.read(new ByteArrayInputStream(bytes(w)));
        assertSameWindows(back, w);
    }

    @Test
    void writesTheNodesStringsOnceAndIsSmallerThanTheFullForm() throws IOException {
        NodeWindows w = windows();
        byte[] compact = bytes(w);
        int full = 4;
        for (int i = 0; i < w.size(); i++) {
            full += 16 + w.stats(i).toBytes().length;
        }
        // two windows share one identity, the third names its own
        assertThat(occurrences(compact, "phone-high".getBytes())).isEqualTo(1);
        assertThat(occurrences(compact, "gpu-a10".getBytes())).isEqualTo(1);
        assertThat(compact.length).isLessThan(full - 150);
    }

    @Test
    void readsExactlyWhatWasWritten() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeWindowsCodec.write(windows(), out);
        out.write(new byte[] {42, 43});
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        NodeWindowsCodec.read(in);
        assertThat(in.read()).isEqualTo(42);
    }

    @Test
    void corruptStateIsAnErrorNamingWhatWasWrong() throws IOException {
        assertThatThrownBy(() -> read(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x03}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("windows, allowed 0..4096");
        byte[] ok = bytes(windows());
        assertThatThrownBy(() -> read(Arrays.copyOf(ok, ok.length - 5)))
                .isInstanceOf(IOException.class);
        // one window, start 0, revision 0, identity flag 5
        assertThatThrownBy(() -> read(new byte[] {2, 0, 0, 10}))
                .hasMessageContaining("identity flag 5 unknown");
        // the first window refers to a previous one's identity
        assertThatThrownBy(() -> read(new byte[] {2, 0, 0, 2}))
                .hasMessageContaining("previous window's identity");
    }

    @Test
    void windowsWithAPartialScoreKeepWhetherTheyHaveClosed() throws IOException {
        NodeWindows w = windows();
        w.firePartial(1); // open, one partial score (revision 0)
        w.firePartial(2);
        w.fire(2); // closed after its partial: the full score was revision 1
        NodeWindows back = read(bytes(w));

        assertSameWindows(back, w);
        assertThat(back.closed(1)).isFalse();
        assertThat(back.partials(1)).isEqualTo(1);
        assertThat(back.revision(1)).isZero();
        assertThat(back.fire(1)).isEqualTo(1); // its full score comes next, as revision 1
        assertThat(back.closed(1)).isTrue();
        assertThat(back.closed(2)).isTrue();
        assertThat(back.fire(2)).isEqualTo(2); // a late event's revision
        assertThat(back.closed(3)).isFalse();
        assertThat(back.revision(3)).isEqualTo(NodeWindows.NOT_FIRED);
        assertThatThrownBy(() -> back.firePartial(0)).hasMessageContaining("has closed");
    }

    @Test
    void aWindowsFewLatenciesAreWrittenAsValuesAndSketchesAsBeforeAndBothReadBack()
            throws IOException {
        QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
        NodeWindows w = new NodeWindows();
        NodeWindowStats few = w.stats(w.open(T0));
        NodeWindowStats many = w.stats(w.open(T0 + 5000));
        NodeWindowStats asBefore = w.stats(w.open(T0 + 10_000));
        // a sketch from the start, as every window was written before values were kept
        asBefore.addE2eHistogram(new double[] {100}, new long[] {0, 0}, false);
        asBefore.addTtftHistogram(new double[] {100}, new long[] {0, 0});
        for (int i = 0; i < 12; i++) {
            few.add(request("n-1", T0 + i, 40 + i, i % 5 != 0));
            asBefore.add(request("n-1", T0 + 10_000 + i, 40 + i, i % 5 != 0));
        }
        for (int i = 0; i < Latencies.EXACT_MAX + 50; i++) {
            many.add(request("n-1", T0 + 5000 + i, (i * 37) % 500, true));
        }
        byte[] b = bytes(w);
        NodeWindows back = read(b);
        assertSameWindows(back, w);
        for (int i = 0; i < 3; i++) {
            assertThat(back.stats(i).toScore(0, 1, 0, math))
                    .isEqualTo(w.stats(i).toScore(0, 1, 0, math));
        }
        // the same 12 requests as values and as a sketch give the same score
        assertThat(back.stats(0).toScore(0, 1, 0, math))
                .isEqualTo(back.stats(2).toScore(0, 1, 0, math));
        NodeWindows justFew = new NodeWindows();
        justFew.stats(justFew.open(T0)).merge(few);
        NodeWindows justAsBefore = new NodeWindows();
        justAsBefore.stats(justAsBefore.open(T0)).merge(asBefore);
        assertThat(bytes(justFew).length).isLessThan(bytes(justAsBefore).length);
    }

    private static NodeWindows windows() {
        NodeWindows w = new NodeWindows();
        NodeWindowStats lateness = w.stats(w.open(T0));
        NodeWindowStats open = w.stats(w.open(T0 + 5000));
        w.fire(0);
        for (int i = 0; i < 40; i++) {
            lateness.add(request("n-7", T0 + i * 100, 20 + i % 13, "r" + i));
            open.add(request("n-7", T0 + 5000 + i * 100, 30 + i % 7, i % 9 != 0, i % 4 == 0, 3));
        }
        lateness.add(request("n-7", T0 + 10, 25, "r1")); // a duplicate
        lateness.add(sample("n-7", T0 + 2500, 41.5));
        open.add(sample("n-7", T0 + 7500, 43.25));
        open.addQueueDepth(3);
        open.addOutcomes(7, 1);
        NodeWindowStats moved = w.stats(w.open(T0 + 10_000));
        moved.identify("n-7", Tier.CLOUD, "us-east", "gpu-a10", "large-fp16");
        w.open(T0 + 15_000); // nothing yet: no identity
        return w;
    }

    private static void assertSameWindows(NodeWindows actual, NodeWindows expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.start(i)).isEqualTo(expected.start(i));
            assertThat(actual.revision(i)).isEqualTo(expected.revision(i));
            assertThat(actual.closed(i)).isEqualTo(expected.closed(i));
            assertThat(actual.stats(i).toBytes()).isEqualTo(expected.stats(i).toBytes());
        }
    }

    private static byte[] bytes(NodeWindows w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeWindowsCodec.write(w, out);
        return out.toByteArray();
    }

    private static NodeWindows read(byte[] b) throws IOException {
        return NodeWindowsCodec.read(new ByteArrayInputStream(b));
    }

    private static int occurrences(byte[] hay, byte[] needle) {
        int n = 0;
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                n++;
            }
        }
        return n;
    }
}
