package io.jvtpm.crb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * TPM 2.0 commands as firmware and Linux send them at boot (TPM 2.0 Library Part 3 layouts), to
 * replay the reference sequences of shared/reference (tpm-commands.txt) through the device.
 */
final class TpmCommands {

    private TpmCommands() {
    }

    static final int ST_NO_SESSIONS = 0x8001;
    static final int ST_SESSIONS = 0x8002;

    private static ByteBuffer begin(int tag, int size, int cc) {
        return ByteBuffer.allocate(size).putShort((short) tag).putInt(size).putInt(cc);
    }

    static byte[] startup(int su) {
        return begin(ST_NO_SESSIONS, 12, 0x144).putShort((short) su).array();
    }

    static byte[] selfTest(boolean full) {
        return begin(ST_NO_SESSIONS, 11, 0x143).put((byte) (full ? 1 : 0)).array();
    }

    static byte[] getCapability(int cap, int property, int count) {
        return begin(ST_NO_SESSIONS, 22, 0x17A).putInt(cap).putInt(property).putInt(count).array();
    }

    static byte[] getRandom(int n) {
        return begin(ST_NO_SESSIONS, 12, 0x17B).putShort((short) n).array();
    }

    static byte[] stirRandom(int n) {
        ByteBuffer b = begin(ST_NO_SESSIONS, 12 + n, 0x146).putShort((short) n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (0x30 + i));
        }
        return b.array();
    }

    /** PCR_Read of one PCR in the SHA-256 (0x000B) or SHA-1 (0x0004) bank. */
    static byte[] pcrRead(int hashAlg, int pcr) {
        ByteBuffer b = begin(ST_NO_SESSIONS, 20, 0x17E).putInt(1).putShort((short) hashAlg).put((byte) 3);
        byte[] select = new byte[3];
        select[pcr / 8] = (byte) (1 << (pcr % 8));
        return b.put(select).array();
    }

    /** PCR_Extend of {@code pcr} with a password session and SHA-1/256/384/512 digests (203 bytes). */
    static byte[] pcrExtend(int pcr, byte fill) {
        int[][] banks = {{0x0004, 20}, {0x000B, 32}, {0x000C, 48}, {0x000D, 64}};
        int size = 10 + 4 + 4 + 9 + 4;
        for (int[] bank : banks) {
            size += 2 + bank[1];
        }
        ByteBuffer b = begin(ST_SESSIONS, size, 0x182).putInt(pcr)
                .putInt(9).putInt(0x40000009).putShort((short) 0).put((byte) 0).putShort((short) 0)
                .putInt(banks.length);
        for (int[] bank : banks) {
            b.putShort((short) bank[0]);
            for (int i = 0; i < bank[1]; i++) {
                b.put(fill);
            }
        }
        return b.array();
    }

    /** The 21 commands SeaBIOS sent (reference seabios-crb/tpm-commands.txt #2..#22, HierarchyChangeAuth as GetRandom). */
    static List<byte[]> seabiosBoot() {
        List<byte[]> l = new ArrayList<>();
        l.add(startup(0));
        l.add(selfTest(true));
        l.add(getCapability(5, 0, 8));
        l.add(pcrExtend(1, (byte) 1));
        for (int i = 0; i < 5; i++) {
            l.add(pcrExtend(2, (byte) (2 + i)));
        }
        l.add(stirRandom(8));
        l.add(getRandom(20));
        l.add(getRandom(20));
        l.add(pcrExtend(4, (byte) 4));
        for (int pcr = 0; pcr < 8; pcr++) {
            l.add(pcrExtend(pcr, (byte) (0x40 + pcr)));
        }
        return l;
    }

    /** The 15 commands Linux 6.1 sent while booting (reference seabios-crb/tpm-commands.txt #23..#37). */
    static List<byte[]> linuxBoot() {
        List<byte[]> l = new ArrayList<>();
        l.add(selfTest(false));
        l.add(getCapability(6, 0x129, 1));
        l.add(getCapability(2, 0x11F, 110));
        l.add(getCapability(5, 0, 1));
        for (int pcr = 0; pcr < 10; pcr++) {
            l.add(pcrRead(0x000B, pcr));
        }
        l.add(pcrExtend(10, (byte) 10));
        return l;
    }

    /** PCR_Extend of {@code pcr} with a password session and one SHA-256 digest. */
    static byte[] pcrExtendSha256(int pcr, byte[] digest) {
        int size = 10 + 4 + 4 + 9 + 4 + 2 + 32;
        return begin(ST_SESSIONS, size, 0x182).putInt(pcr)
                .putInt(9).putInt(0x40000009).putShort((short) 0).put((byte) 0).putShort((short) 0)
                .putInt(1).putShort((short) 0x000B).put(digest, 0, 32).array();
    }

    /** TPM2_Hash of {@code data} with SHA-256 in the owner hierarchy. */
    static byte[] hashSha256(byte[] data) {
        return begin(ST_NO_SESSIONS, 10 + 2 + data.length + 2 + 4, 0x17D)
                .putShort((short) data.length).put(data).putShort((short) 0x000B).putInt(0x40000001).array();
    }

    /** A header whose tag is neither TPM_ST_NO_SESSIONS nor TPM_ST_SESSIONS. */
    static byte[] badTag() {
        return begin(0x1234, 10, 0x17B).array();
    }

    /** A well-formed header with a command code no TPM implements. */
    static byte[] unknownCommand() {
        return begin(ST_NO_SESSIONS, 10, 0x0FFF).array();
    }

    static int responseCode(byte[] response) {
        return ByteBuffer.wrap(response).getInt(6);
    }
}
