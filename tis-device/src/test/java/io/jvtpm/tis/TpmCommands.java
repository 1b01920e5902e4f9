package io.jvtpm.tis;

import java.nio.ByteBuffer;

/** TPM 2.0 commands the tests send, built from TPM 2.0 Library Part 3, and response parsing. */
final class TpmCommands {
    static final int TPM_ST_NO_SESSIONS = 0x8001;
    static final int TPM_ST_SESSIONS = 0x8002;
    static final int CC_STARTUP = 0x144;
    static final int CC_SELF_TEST = 0x143;
    static final int CC_GET_RANDOM = 0x17B;
    static final int CC_PCR_READ = 0x17E;
    static final int CC_PCR_EXTEND = 0x182;
    static final int CC_PCR_RESET = 0x13D;
    static final int TPM_RS_PW = 0x40000009;
    static final int TPM_ALG_SHA256 = 0x000B;

    private TpmCommands() {
    }

    static byte[] startupClear() {
        return ByteBuffer.allocate(12).putShort((short) TPM_ST_NO_SESSIONS).putInt(12).putInt(CC_STARTUP)
                .putShort((short) 0).array();
    }

    static byte[] selfTest(boolean full) {
        return ByteBuffer.allocate(11).putShort((short) TPM_ST_NO_SESSIONS).putInt(11).putInt(CC_SELF_TEST)
                .put((byte) (full ? 1 : 0)).array();
    }

    static byte[] getRandom(int bytes) {
        return ByteBuffer.allocate(12).putShort((short) TPM_ST_NO_SESSIONS).putInt(12).putInt(CC_GET_RANDOM)
                .putShort((short) bytes).array();
    }

    /** PCR_Extend of one SHA-256 digest with an empty password session. */
    static byte[] pcrExtendSha256(int pcr, byte[] digest) {
        int size = 10 + 4 + 4 + 9 + 4 + 2 + 32;
        return ByteBuffer.allocate(size).putShort((short) TPM_ST_SESSIONS).putInt(size).putInt(CC_PCR_EXTEND)
                .putInt(pcr)
                .putInt(9).putInt(TPM_RS_PW).putShort((short) 0).put((byte) 0).putShort((short) 0)
                .putInt(1).putShort((short) TPM_ALG_SHA256).put(digest)
                .array();
    }

    /** PCR_Reset of a resettable PCR with an empty password session. */
    static byte[] pcrReset(int pcr) {
        int size = 10 + 4 + 4 + 9;
        return ByteBuffer.allocate(size).putShort((short) TPM_ST_SESSIONS).putInt(size).putInt(CC_PCR_RESET)
                .putInt(pcr)
                .putInt(9).putInt(TPM_RS_PW).putShort((short) 0).put((byte) 0).putShort((short) 0)
                .array();
    }

    /** PCR_Read of one SHA-256 PCR. */
    static byte[] pcrReadSha256(int pcr) {
        byte[] select = new byte[3];
        select[pcr / 8] = (byte) (1 << (pcr % 8));
        return ByteBuffer.allocate(20).putShort((short) TPM_ST_NO_SESSIONS).putInt(20).putInt(CC_PCR_READ)
                .putInt(1).putShort((short) TPM_ALG_SHA256).put((byte) 3).put(select)
                .array();
    }

    static int responseCode(byte[] rsp) {
        return ByteBuffer.wrap(rsp, 6, 4).getInt();
    }

    static int responseSize(byte[] rsp) {
        return ByteBuffer.wrap(rsp, 2, 4).getInt();
    }

    /** The digest in a PCR_Read response of one SHA-256 PCR. */
    static byte[] pcrReadDigest(byte[] rsp) {
        ByteBuffer b = ByteBuffer.wrap(rsp);
        b.position(10 + 4);                 // header, pcrUpdateCounter
        int selections = b.getInt();
        for (int i = 0; i < selections; i++) {
            b.getShort();
            int n = b.get() & 0xFF;
            b.position(b.position() + n);
        }
        int count = b.getInt();
        if (count != 1) {
            throw new AssertionError("PCR_Read returned " + count + " digests");
        }
        byte[] d = new byte[b.getShort() & 0xFFFF];
        b.get(d);
        return d;
    }

    /** The random bytes of a GetRandom response. */
    static byte[] randomBytes(byte[] rsp) {
        ByteBuffer b = ByteBuffer.wrap(rsp);
        b.position(10);
        byte[] r = new byte[b.getShort() & 0xFFFF];
        b.get(r);
        return r;
    }
}
