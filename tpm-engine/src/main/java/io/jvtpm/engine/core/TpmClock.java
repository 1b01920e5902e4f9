package io.jvtpm.engine.core;

import io.jvtpm.engine.platform.PlatformClock;

/**
 * TPM time and Clock (TPM 2.0 Library Part 1, 36): {@code time} counts milliseconds since
 * _TPM_Init; {@code clock} is persistent, only moves forward, runs at a rate TPM2_ClockRateAdjust
 * can trim, and is written to NV every {@link #UPDATE_INTERVAL} ms (TPM_PT_CLOCK_UPDATE).
 */
public final class TpmClock {
    /** TPM_PT_CLOCK_UPDATE: ms between NV copies of Clock. */
    public static final long UPDATE_INTERVAL = 4096;
    /** The nominal rate and the adjustment steps of the reference implementation. */
    static final int NOMINAL = 30000;
    static final int COARSE = 300;
    static final int MEDIUM = 30;
    static final int FINE = 1;
    static final int LIMIT = 5000;
    /** The largest value TPM2_ClockSet accepts (Part 3, 29.2: below 0xFFFF000000000000). */
    public static final long MAX_CLOCK = 0xFFFF000000000000L;

    private final PlatformClock platform;
    private long initMillis;
    private long baseMillis;
    private long baseClock;
    private long savedClock;
    private int adjust;
    private boolean safe = true;

    TpmClock(PlatformClock platform, long clock) {
        this.platform = platform;
        long now = platform.millis();
        initMillis = now;
        baseMillis = now;
        baseClock = clock;
        savedClock = clock;
    }

    /** _TPM_Init: time restarts at 0; clock continues from the last NV copy. */
    void init(long nvClock, boolean orderly) {
        long now = platform.millis();
        initMillis = now;
        baseMillis = now;
        baseClock = nvClock;
        savedClock = nvClock;
        adjust = 0;
        if (!orderly) {
            safe = false;
        }
    }

    /** Milliseconds since _TPM_Init. */
    public long time() {
        return platform.millis() - initMillis;
    }

    /** The current Clock. */
    public long clock() {
        long elapsed = platform.millis() - baseMillis;
        if (adjust == 0) {
            return baseClock + elapsed;
        }
        return baseClock + elapsed * (NOMINAL + adjust) / NOMINAL;
    }

    /** TPMS_CLOCK_INFO.safe. */
    public boolean safe() {
        return safe;
    }

    /** True when Clock has moved far enough past its NV copy that the copy is due. */
    boolean updateDue() {
        return clock() - savedClock >= UPDATE_INTERVAL;
    }

    /**
     * Records that {@code value} is now the NV copy of Clock. A periodic update makes the clock
     * safe again: no value above the NV copy has been reported since.
     */
    void saved(long value, boolean periodic) {
        savedClock = value;
        if (periodic) {
            safe = true;
        }
    }

    /** The NV copy of Clock. */
    long savedValue() {
        return savedClock;
    }

    /** TPM2_ClockSet: Clock jumps forward to {@code value}. */
    void set(long value) {
        baseMillis = platform.millis();
        baseClock = value;
    }

    /** TPM2_ClockRateAdjust with a TPM_CLOCK_ADJUST step (-3..3). */
    void adjust(int step) {
        long c = clock();
        baseMillis = platform.millis();
        baseClock = c;
        int delta = switch (step) {
            case -3 -> -COARSE;
            case -2 -> -MEDIUM;
            case -1 -> -FINE;
            case 1 -> FINE;
            case 2 -> MEDIUM;
            case 3 -> COARSE;
            default -> 0;
        };
        // a faster clock is a smaller period in the reference; here the rate itself moves
        adjust = Math.max(-LIMIT, Math.min(LIMIT, adjust + delta));
    }

    /** TPM2_Clear: Clock is safe again. */
    void clearSafe() {
        safe = true;
    }
}
