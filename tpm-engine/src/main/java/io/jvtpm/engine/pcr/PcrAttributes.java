package io.jvtpm.engine.pcr;

/**
 * The PCR attributes of the PC Client Platform TPM Profile (PTP 2.0, "PCR Attributes" table) for
 * 24 PCRs: which are saved by Shutdown(STATE), from which localities each may be extended or
 * reset, which are DRTM PCRs, and which do not bump pcrUpdateCounter. Bit {@code l} of a
 * locality mask is locality {@code l}.
 */
public final class PcrAttributes {
    /** IMPLEMENTATION_PCR. */
    public static final int COUNT = 24;
    /** PCR_SELECT_MIN = PCR_SELECT_MAX = 3 octets. */
    public static final int SELECT_SIZE = 3;
    /** The H-CRTM PCR. */
    public static final int HCRTM_PCR = 0;
    /** The DRTM PCR that _TPM_Hash_End extends after Startup. */
    public static final int DRTM_PCR = 17;

    private static final int[] RESET_LOCALITIES = new int[COUNT];
    private static final int[] EXTEND_LOCALITIES = new int[COUNT];
    private static final boolean[] STATE_SAVE = new boolean[COUNT];

    static {
        for (int i = 0; i < 16; i++) {
            STATE_SAVE[i] = true;
            RESET_LOCALITIES[i] = 0;
            EXTEND_LOCALITIES[i] = 0x1F;
        }
        set(16, 0x0F, 0x1F); // debug
        set(17, 0x10, 0x1C); // locality 4
        set(18, 0x10, 0x1C); // locality 3
        set(19, 0x10, 0x0C); // locality 2
        set(20, 0x14, 0x0E); // locality 1
        set(21, 0x14, 0x04); // dynamic OS
        set(22, 0x14, 0x04); // dynamic OS
        set(23, 0x0F, 0x1F); // application
    }

    private PcrAttributes() {
    }

    private static void set(int pcr, int reset, int extend) {
        RESET_LOCALITIES[pcr] = reset;
        EXTEND_LOCALITIES[pcr] = extend;
    }

    /** True when Shutdown(STATE) saves this PCR (TPM_PT_PCR_SAVE). */
    public static boolean stateSave(int pcr) {
        return STATE_SAVE[pcr];
    }

    /** True when {@code locality} may extend {@code pcr}. */
    public static boolean canExtend(int pcr, int locality) {
        return (EXTEND_LOCALITIES[pcr] & (1 << locality)) != 0;
    }

    /** True when {@code locality} may reset {@code pcr} with TPM2_PCR_Reset. */
    public static boolean canReset(int pcr, int locality) {
        return (RESET_LOCALITIES[pcr] & (1 << locality)) != 0;
    }

    /** True for the PCRs a DRTM event resets (reset only from locality 4; initial value all ones). */
    public static boolean drtm(int pcr) {
        return (RESET_LOCALITIES[pcr] & 0x10) != 0;
    }

    /** True for PCRs whose changes do not increment pcrUpdateCounter (TPM_PT_PCR_NO_INCREMENT). */
    public static boolean noIncrement(int pcr) {
        return pcr == 16 || pcr == 21 || pcr == 22 || pcr == 23;
    }

    /** A PCR of the (one) policy and auth group. */
    public static final int POLICY_GROUP = 20;

    /** True for PCRs that may have a policy or auth value set (TPM_PT_PCR_POLICY / _AUTH groups). */
    public static boolean inAuthGroup(int pcr) {
        return pcr >= 20 && pcr <= 22;
    }

    /** The 24-bit map of PCRs for which {@code test} holds. */
    public static int bitmap(java.util.function.IntPredicate test) {
        int m = 0;
        for (int i = 0; i < COUNT; i++) {
            if (test.test(i)) {
                m |= 1 << i;
            }
        }
        return m;
    }
}
