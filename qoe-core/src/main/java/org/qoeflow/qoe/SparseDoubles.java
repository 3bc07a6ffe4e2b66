package org.qoeflow.qoe;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A few doubles written losslessly but only when they differ from their initial value: a bit mask
 * (one varint), then the other values' raw bits. Most windows leave several sums at zero.
 */
final class SparseDoubles {
    private SparseDoubles() {}

    static void write(Encoder out, double[] values, double initial) throws IOException {
        long initialBits = Double.doubleToRawLongBits(initial);
        int mask = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.doubleToRawLongBits(values[i]) != initialBits) {
                mask |= 1 << i;
            }
        }
        out.writeInt(mask);
        for (int i = 0; i < values.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.writeDouble(values[i]);
            }
        }
    }

    static double[] read(Decoder in, int count, double initial) throws IOException {
        int mask = in.readInt();
        if ((mask >>> count) != 0) {
            throw new IOException("mask " + mask + " names more than " + count + " values");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = (mask & (1 << i)) != 0 ? in.readDouble() : initial;
        }
        return values;
    }
}
