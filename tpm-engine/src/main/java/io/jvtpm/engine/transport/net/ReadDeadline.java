package io.jvtpm.engine.transport.net;

/**
 * The deadline of a {@link Connection#read} with a timeout, waited for in slices so that the
 * reader can look at something else (a close, a waiting client) between them.
 *
 * @param nanos the {@link System#nanoTime()} at which the read times out; {@code Long.MAX_VALUE}
 *     for none
 */
public record ReadDeadline(long nanos) {

    /** The deadline {@code timeoutMillis} from now; none for 0 (wait forever). */
    public static ReadDeadline after(int timeoutMillis) {
        return new ReadDeadline(timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE);
    }

    /**
     * How long the next wait may last: {@code sliceMillis}, or less when the deadline is nearer;
     * 0 once less than a millisecond is left.
     */
    public int nextSlice(int sliceMillis) {
        if (nanos == Long.MAX_VALUE) {
            return sliceMillis;
        }
        long left = (nanos - System.nanoTime()) / 1_000_000L;
        return left <= 0 ? 0 : (int) Math.min(sliceMillis, left);
    }
}
