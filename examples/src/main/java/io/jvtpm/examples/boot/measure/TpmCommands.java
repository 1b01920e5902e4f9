package io.jvtpm.examples.boot.measure;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three TPM 2.0 commands a measuring launcher sends, marshalled big-endian as TPM 2.0
 * Library Part 3 lays them out: TPM2_Startup (section 9.3), TPM2_GetCapability of TPM_CAP_PCRS
 * (section 30.2, Part 2 TPML_PCR_SELECTION) and TPM2_PCR_Extend (section 22.2) authorized by a
 * TPM_RS_PW session with an empty password (Part 1 section 19.8.4).
 */
public final class TpmCommands {

    public static final int TPM_ST_NO_SESSIONS = 0x8001;
    public static final int TPM_ST_SESSIONS = 0x8002;
    public static final int TPM_CC_STARTUP = 0x00000144;
    public static final int TPM_CC_GET_CAPABILITY = 0x0000017A;
    public static final int TPM_CC_PCR_EXTEND = 0x00000182;
    public static final int TPM_SU_CLEAR = 0x0000;
    public static final int TPM_CAP_PCRS = 0x00000005;
    public static final int TPM_RS_PW = 0x40000009;
    public static final int TPM_RC_SUCCESS = 0x000;
    public static final int TPM_RC_INITIALIZE = 0x100;
    public static final int HEADER_SIZE = 10;

    private TpmCommands() {
    }

    public static byte[] startupClear() {
        ByteBuffer b = header(TPM_ST_NO_SESSIONS, HEADER_SIZE + 2, TPM_CC_STARTUP);
        b.putShort((short) TPM_SU_CLEAR);
        return b.array();
    }

    public static byte[] getCapabilityPcrs() {
        ByteBuffer b = header(TPM_ST_NO_SESSIONS, HEADER_SIZE + 12, TPM_CC_GET_CAPABILITY);
        b.putInt(TPM_CAP_PCRS);
        b.putInt(0);
        b.putInt(1);
        return b.array();
    }

    /** TPM2_PCR_Extend of {@code pcr} with one digest per bank, in the order given. */
    public static byte[] pcrExtend(int pcr, List<HashAlgorithm> banks, Map<HashAlgorithm, byte[]> digests) {
        int auth = 4 + 2 + 1 + 2;
        int values = 4;
        for (HashAlgorithm a : banks) {
            values += 2 + a.digestSize();
        }
        ByteBuffer b = header(TPM_ST_SESSIONS, HEADER_SIZE + 4 + 4 + auth + values, TPM_CC_PCR_EXTEND);
        b.putInt(pcr);
        b.putInt(auth);
        b.putInt(TPM_RS_PW);
        b.putShort((short) 0);
        b.put((byte) 0);
        b.putShort((short) 0);
        b.putInt(banks.size());
        for (HashAlgorithm a : banks) {
            b.putShort((short) a.algId());
            b.put(digests.get(a));
        }
        return b.array();
    }

    /** The response code of a response, or throws when the response is not a TPM response at all. */
    public static int responseCode(byte[] response) {
        if (response == null || response.length < HEADER_SIZE) {
            throw new IllegalStateException("TPM answered " + (response == null ? "nothing" : response.length + " bytes")
                    + ", shorter than a response header");
        }
        ByteBuffer b = ByteBuffer.wrap(response);
        int size = b.getInt(2);
        if (size != response.length) {
            throw new IllegalStateException("TPM response says it is " + size + " bytes but is " + response.length);
        }
        return b.getInt(6);
    }

    /**
     * The banks with at least one PCR selected, from a TPM2_GetCapability(TPM_CAP_PCRS) response
     * (TPMS_CAPABILITY_DATA holding a TPML_PCR_SELECTION), as TPM_ALG_ID values in the TPM's order.
     */
    public static List<Integer> activeBankIds(byte[] response) {
        try {
            ByteBuffer b = ByteBuffer.wrap(response);
            b.position(HEADER_SIZE);
            b.get();
            int cap = b.getInt();
            if (cap != TPM_CAP_PCRS) {
                throw new IllegalStateException("GetCapability answered capability " + cap + ", not TPM_CAP_PCRS");
            }
            int count = b.getInt();
            if (count < 0 || count > 16) {
                throw new IllegalStateException("GetCapability lists " + count + " PCR banks");
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int alg = Short.toUnsignedInt(b.getShort());
                int sizeOfSelect = Byte.toUnsignedInt(b.get());
                boolean any = false;
                for (int j = 0; j < sizeOfSelect; j++) {
                    any |= b.get() != 0;
                }
                if (any) {
                    ids.add(alg);
                }
            }
            return ids;
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("GetCapability(TPM_CAP_PCRS) response is truncated", e);
        }
    }

    private static ByteBuffer header(int tag, int size, int cc) {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort((short) tag);
        b.putInt(size);
        b.putInt(cc);
        return b;
    }
}
