package io.jvtpm.ppi.testutil;

import io.jvtpm.engine.TpmBackend;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test-side TPM 2.0 commands (TPM 2.0 Library Part 3) that observe what a PPI operation did. */
public final class TpmProbe {

    public static final int TPM_PT_PERMANENT = 0x200;
    public static final int OWNER_AUTH_SET = 1;
    public static final int RC_INITIALIZE = 0x100;

    private final TpmBackend tpm;

    public TpmProbe(TpmBackend tpm) {
        this.tpm = tpm;
    }

    private ByteBuffer send(byte[] cmd) {
        return ByteBuffer.wrap(tpm.execute(0, cmd));
    }

    private static byte[] command(int tag, int cc, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(10 + body.length);
        b.putShort((short) tag).putInt(10 + body.length).putInt(cc).put(body);
        return b.array();
    }

    private static int rc(ByteBuffer r) {
        return r.getInt(6);
    }

    /** TPM2_Startup(CLEAR); the response code. */
    public int startup() {
        return rc(send(command(0x8001, 0x144, new byte[] {0, 0})));
    }

    /** TPM2_SelfTest(fullTest = YES); the response code. */
    public int selfTest() {
        return rc(send(command(0x8001, 0x143, new byte[] {1})));
    }

    /** TPM2_HierarchyChangeAuth(TPM_RH_OWNER, newAuth), authorized with {@code currentAuth}. */
    public int changeOwnerAuth(byte[] currentAuth, byte[] newAuth) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(4 + 4 + 4 + 2 + 1 + 2);
        h.putInt(0x4000_0001).putInt(9 + currentAuth.length).putInt(0x4000_0009).putShort((short) 0)
                .put((byte) 0).putShort((short) currentAuth.length);
        b.writeBytes(h.array());
        b.writeBytes(currentAuth);
        b.writeBytes(ByteBuffer.allocate(2).putShort((short) newAuth.length).array());
        b.writeBytes(newAuth);
        return rc(send(command(0x8002, 0x129, b.toByteArray())));
    }

    /** TPM_PT_PERMANENT from TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES). */
    public long permanent() {
        ByteBuffer r = send(command(0x8001, 0x17A,
                ByteBuffer.allocate(12).putInt(6).putInt(TPM_PT_PERMANENT).putInt(1).array()));
        if (rc(r) != 0) {
            throw new AssertionError("GetCapability(TPM_PROPERTIES) rc 0x" + Integer.toHexString(rc(r)));
        }
        r.position(10 + 1 + 4);
        int count = r.getInt();
        if (count < 1 || r.getInt() != TPM_PT_PERMANENT) {
            throw new AssertionError("no TPM_PT_PERMANENT");
        }
        return r.getInt() & 0xFFFF_FFFFL;
    }

    /** True when TPM2_GetCapability(TPM_CAP_COMMANDS) lists command code {@code cc}. */
    public boolean supportsCommand(int cc) {
        ByteBuffer r = send(command(0x8001, 0x17A, ByteBuffer.allocate(12).putInt(2).putInt(cc).putInt(1).array()));
        if (rc(r) != 0) {
            throw new AssertionError("GetCapability(COMMANDS) rc 0x" + Integer.toHexString(rc(r)));
        }
        r.position(10 + 1 + 4);
        int count = r.getInt();
        return count >= 1 && (r.getInt() & 0xFFFF) == cc;
    }

    /**
     * TPM2_NV_DefineSpace(TPM_RH_OWNER, empty auth) of a 16-byte owner-read/write index; the
     * response code.
     */
    public int defineOwnerNvIndex(int nvIndex) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 9 + 2 + 2 + 14);
        b.putInt(0x4000_0001).putInt(9).putInt(0x4000_0009).putShort((short) 0).put((byte) 0).putShort((short) 0);
        b.putShort((short) 0);                       // auth of the index
        b.putShort((short) 14);                      // TPMS_NV_PUBLIC size
        b.putInt(nvIndex).putShort((short) 0x000B)   // nvIndex, nameAlg SHA-256
                .putInt(0x0002_0002)                 // TPMA_NV_OWNERWRITE | TPMA_NV_OWNERREAD
                .putShort((short) 0)                 // authPolicy
                .putShort((short) 16);               // dataSize
        return rc(send(command(0x8002, 0x12A, b.array())));
    }

    /** The NV index handles (TPM_CAP_HANDLES from 0x01000000). */
    public List<Integer> nvIndexes() {
        ByteBuffer r = send(command(0x8001, 0x17A,
                ByteBuffer.allocate(12).putInt(1).putInt(0x0100_0000).putInt(64).array()));
        if (rc(r) != 0) {
            throw new AssertionError("GetCapability(HANDLES) rc 0x" + Integer.toHexString(rc(r)));
        }
        r.position(10 + 1 + 4);
        int count = r.getInt();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int h = r.getInt();
            if ((h >>> 24) == 0x01) {
                out.add(h);
            }
        }
        return out;
    }

    /** True when the owner has an authorization value. */
    public boolean ownerAuthSet() {
        return (permanent() & OWNER_AUTH_SET) != 0;
    }

    /** The hash algorithms of the banks with at least one PCR allocated (TPM_CAP_PCRS). */
    public List<Integer> activeBanks() {
        return banks(true);
    }

    /** The hash algorithms of every bank the TPM implements. */
    public List<Integer> allBanks() {
        return banks(false);
    }

    private List<Integer> banks(boolean activeOnly) {
        ByteBuffer r = send(command(0x8001, 0x17A, ByteBuffer.allocate(12).putInt(5).putInt(0).putInt(1).array()));
        if (rc(r) != 0) {
            throw new AssertionError("GetCapability(PCRS) rc 0x" + Integer.toHexString(rc(r)));
        }
        r.position(10 + 1 + 4);
        int count = r.getInt();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int alg = r.getShort() & 0xFFFF;
            int size = r.get() & 0xFF;
            boolean any = false;
            for (int j = 0; j < size; j++) {
                any |= r.get() != 0;
            }
            if (any || !activeOnly) {
                out.add(alg);
            }
        }
        return out;
    }
}
