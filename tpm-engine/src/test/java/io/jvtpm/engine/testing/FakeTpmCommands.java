package io.jvtpm.engine.testing;

import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The TPM behind {@link FakeTpm}: checks the command header (TPM 2.0 Library Part 1, section 18)
 * and answers a few commands the way Part 3 says: Startup, SelfTest, GetRandom, PCR_Extend,
 * PCR_Reset and PCR_Read on the SHA-256 bank, ClearControl, Clear, GetCapability(TPM_CAP_PCRS)
 * and PCR_Allocate (which takes effect at the next _TPM_Init). Another capability gets
 * TPM_RC_VALUE for parameter 1, any other command TPM_RC_COMMAND_CODE. Not thread-safe:
 * {@link FakeTpm} holds its lock while calling it.
 */
final class FakeTpmCommands {
    private static final int PCR_COUNT = 24;

    private final SplittableRandom random;
    private final byte[][] pcrs = new byte[PCR_COUNT][32];
    /** Bank (TPM_ALG_ID) to allocated, in the order GetCapability lists them. */
    private final Map<Integer, Boolean> banks = new LinkedHashMap<>();
    private final Map<Integer, Boolean> pendingBanks = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private boolean started;
    private boolean ownerAuthSet = true;
    private int failingCommandCode = -1;
    private int pcrUpdateCounter;

    FakeTpmCommands(long seed) {
        random = new SplittableRandom(seed);
        banks.put(TpmAlgId.SHA1.value(), true);
        banks.put(TpmAlgId.SHA256.value(), true);
        banks.put(TpmAlgId.SHA384.value(), false);
        banks.put(TpmAlgId.SHA512.value(), false);
        pendingBanks.putAll(banks);
    }

    List<String> log() {
        return log;
    }

    boolean started() {
        return started;
    }

    boolean ownerAuthSet() {
        return ownerAuthSet;
    }

    void failCommand(int commandCode) {
        failingCommandCode = commandCode;
    }

    List<Integer> activeBanks() {
        List<Integer> out = new ArrayList<>();
        banks.forEach((alg, on) -> {
            if (on) {
                out.add(alg);
            }
        });
        return out;
    }

    /** _TPM_Init: the TPM wants Startup again; a pending PCR allocation takes effect. */
    void init() {
        log.add("init");
        started = false;
        banks.clear();
        banks.putAll(pendingBanks);
    }

    void powerOff() {
        started = false;
    }

    byte[] answer(byte[] cmd) {
        if (cmd.length < 10) {
            return error(TpmRc.COMMAND_SIZE.value());
        }
        ByteBuffer in = ByteBuffer.wrap(cmd);
        int tag = in.getShort() & 0xFFFF;
        long size = in.getInt() & 0xFFFF_FFFFL;
        int cc = in.getInt();
        if (tag != TpmSt.NO_SESSIONS.value() && tag != TpmSt.SESSIONS.value()) {
            return error(TpmRc.BAD_TAG.value());
        }
        if (size != cmd.length) {
            return error(TpmRc.COMMAND_SIZE.value());
        }
        if (cc == failingCommandCode) {
            log.add(String.format("cc 0x%x failed", cc));
            return error(TpmRc.BAD_AUTH.session(1));
        }
        try {
            return answer(cc, in);
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            return error(TpmRc.INSUFFICIENT.value());
        }
    }

    private byte[] answer(int cc, ByteBuffer in) throws NoSuchAlgorithmException {
        if (cc == TpmCc.STARTUP.value()) {
            log.add("Startup");
            if (started) {
                return error(TpmRc.INITIALIZE.value());
            }
            if (in.remaining() != 2) {
                return error(TpmRc.COMMAND_SIZE.value());
            }
            started = true;
            return error(TpmRc.SUCCESS.value());
        }
        if (!started) {
            return error(TpmRc.INITIALIZE.value());
        }
        if (cc == TpmCc.SELF_TEST.value()) {
            return error(TpmRc.SUCCESS.value());
        } else if (cc == TpmCc.GET_RANDOM.value()) {
            return getRandom(in);
        } else if (cc == TpmCc.PCR_EXTEND.value()) {
            return pcrExtend(in);
        } else if (cc == TpmCc.PCR_RESET.value()) {
            pcrs[in.getInt()] = new byte[32];
            pcrUpdateCounter++;
            return sessionOk(new byte[0]);
        } else if (cc == TpmCc.PCR_READ.value()) {
            return pcrRead(in);
        } else if (cc == TpmCc.CLEAR_CONTROL.value()) {
            log.add("ClearControl");
            return sessionOk(new byte[0]);
        } else if (cc == TpmCc.CLEAR.value()) {
            log.add("Clear");
            ownerAuthSet = false;
            return sessionOk(new byte[0]);
        } else if (cc == TpmCc.GET_CAPABILITY.value()) {
            log.add("GetCapability");
            if (in.getInt() != TpmCap.PCRS.value()) {
                return error(TpmRc.VALUE.param(1));   // the one capability this double models
            }
            return response(TpmSt.NO_SESSIONS, pcrsCapability());
        } else if (cc == TpmCc.PCR_ALLOCATE.value()) {
            log.add("PCR_Allocate");
            return pcrAllocate(in);
        }
        log.add(String.format("cc 0x%x unsupported", cc));
        return error(TpmRc.COMMAND_CODE.value());
    }

    private byte[] getRandom(ByteBuffer in) {
        int n = Math.min(in.getShort() & 0xFFFF, 32);
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return response(TpmSt.NO_SESSIONS, ByteBuffer.allocate(2 + n).putShort((short) n).put(bytes).array());
    }

    private byte[] pcrExtend(ByteBuffer in) throws NoSuchAlgorithmException {
        int pcr = in.getInt();
        skipAuthArea(in);
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            int alg = in.getShort() & 0xFFFF;
            if (alg != TpmAlgId.SHA256.value()) {
                return error(TpmRc.HASH.param(2));
            }
            byte[] digest = new byte[32];
            in.get(digest);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(pcrs[pcr]);
            md.update(digest);
            pcrs[pcr] = md.digest();
        }
        pcrUpdateCounter++;
        return sessionOk(new byte[0]);
    }

    private byte[] pcrRead(ByteBuffer in) {
        in.getInt();      // count of selections: the first one is read
        in.getShort();    // its hash: SHA-256 is the one bank kept
        in.get();         // sizeofSelect
        byte[] sel = new byte[3];
        in.get(sel);
        int pcr = -1;
        for (int i = 0; i < PCR_COUNT && pcr < 0; i++) {
            if ((sel[i / 8] & (1 << (i % 8))) != 0) {
                pcr = i;
            }
        }
        ByteBuffer body = ByteBuffer.allocate(52).putInt(pcrUpdateCounter)
                .putInt(1).putShort((short) TpmAlgId.SHA256.value()).put((byte) 3).put(sel)
                .putInt(1).putShort((short) 32).put(pcr < 0 ? new byte[32] : pcrs[pcr]);
        return response(TpmSt.NO_SESSIONS, body.array());
    }

    private byte[] pcrAllocate(ByteBuffer in) {
        in.getInt();   // authHandle
        skipAuthArea(in);
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            int alg = in.getShort() & 0xFFFF;
            byte[] sel = new byte[in.get() & 0xFF];
            in.get(sel);
            boolean on = false;
            for (byte x : sel) {
                on |= x != 0;
            }
            pendingBanks.put(alg, on);
        }
        // allocationSuccess YES, maxPCR 24, sizeNeeded 0, sizeAvailable 0
        return sessionOk(new byte[] {1, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0});
    }

    private static void skipAuthArea(ByteBuffer in) {
        int authSize = in.getInt();
        in.position(in.position() + authSize);
    }

    /** TPMS_CAPABILITY_DATA for TPM_CAP_PCRS, moreData NO first. */
    private byte[] pcrsCapability() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0);
        o.writeBytes(new byte[] {0, 0, 0, 5});
        o.writeBytes(ByteBuffer.allocate(4).putInt(banks.size()).array());
        for (Map.Entry<Integer, Boolean> e : banks.entrySet()) {
            o.writeBytes(ByteBuffer.allocate(2).putShort((short) (int) e.getKey()).array());
            o.write(3);
            byte v = e.getValue() ? (byte) 0xFF : 0;
            o.writeBytes(new byte[] {v, v, v});
        }
        return o.toByteArray();
    }

    /** A TPM_ST_SESSIONS success: parameterSize, parameters, one password session's response. */
    private static byte[] sessionOk(byte[] params) {
        ByteBuffer b = ByteBuffer.allocate(4 + params.length + 5).putInt(params.length).put(params);
        b.putShort((short) 0).put((byte) 1).putShort((short) 0);   // nonce (empty), continueSession, hmac (empty)
        return response(TpmSt.SESSIONS, b.array());
    }

    private static byte[] response(TpmSt tag, byte[] body) {
        return ByteBuffer.allocate(10 + body.length).putShort((short) tag.value()).putInt(10 + body.length)
                .putInt(TpmRc.SUCCESS.value()).put(body).array();
    }

    /** A header-only response with {@code rc}. */
    static byte[] error(int rc) {
        return ByteBuffer.allocate(10).putShort((short) TpmSt.NO_SESSIONS.value()).putInt(10).putInt(rc).array();
    }
}
