package io.jvtpm.engine.wire;

/**
 * TPMS_TIME_INFO with its TPMS_CLOCK_INFO (TPM 2.0 Library Part 2, 10.11.1 and 10.11.6): time
 * since _TPM_Init, Clock, the reset and restart counts and whether Clock is safe.
 */
public record TimeInfo(long time, long clock, int resetCount, int restartCount, boolean safe) {

    /** Marshals TPMS_TIME_INFO. */
    public void write(TpmWriter w) {
        w.u64(time).u64(clock).u32(resetCount).u32(restartCount).u8(safe ? 1 : 0);
    }

    /** Unmarshals TPMS_TIME_INFO; TPMI_YES_NO values other than 0 and 1 are TPM_RC_VALUE. */
    public static TimeInfo read(TpmReader r) {
        long time = r.u64();
        long clock = r.u64();
        int reset = r.u32();
        int restart = r.u32();
        return new TimeInfo(time, clock, reset, restart, Structures.readYesNo(r));
    }
}
