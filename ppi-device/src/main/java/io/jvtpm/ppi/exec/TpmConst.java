package io.jvtpm.ppi.exec;

/** The few TPM 2.0 constants the PPI executor marshals (TPM 2.0 Library Part 2, sections 6-7). */
final class TpmConst {
    private TpmConst() {
    }

    static final int ST_NO_SESSIONS = 0x8001;
    static final int ST_SESSIONS = 0x8002;

    static final int CC_HIERARCHY_CONTROL = 0x0000_0121;
    static final int CC_CHANGE_EPS = 0x0000_0124;
    static final int CC_CLEAR = 0x0000_0126;
    static final int CC_CLEAR_CONTROL = 0x0000_0127;
    static final int CC_PCR_ALLOCATE = 0x0000_012B;
    static final int CC_STARTUP = 0x0000_0144;
    static final int CC_GET_CAPABILITY = 0x0000_017A;

    static final int RH_PLATFORM = 0x4000_000C;
    static final int RS_PW = 0x4000_0009;

    static final int SU_CLEAR = 0x0000;

    static final int CAP_PCRS = 0x0000_0005;

    static final int RC_SUCCESS = 0x000;
    static final int RC_INITIALIZE = 0x100;

    static final int YES = 1;
    static final int NO = 0;

    /** Size of a response header: tag, responseSize, responseCode. */
    static final int HEADER_SIZE = 10;
}
