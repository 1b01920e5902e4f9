package io.jvtpm.ppi.testutil;

import io.jvtpm.engine.TpmBackend;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test double of a TPM for the executor: it records every command, answers Startup,
 * ClearControl, Clear, GetCapability(PCRS) and PCR_Allocate the way a TPM 2.0 does (allocation
 * takes effect at the next init), and answers TPM_RC_COMMAND_CODE to anything else.
 */
public class FakeTpm implements TpmBackend {

    public static final int RC_COMMAND_CODE = 0x143;

    public final List<String> log = new ArrayList<>();
    public final List<byte[]> commands = new ArrayList<>();
    public boolean started;
    public boolean ownerAuthSet = true;
    public int inits;
    /** alg id -> active, in TPM order. */
    public final Map<Integer, Boolean> active = new LinkedHashMap<>();
    public final Map<Integer, Boolean> pending = new LinkedHashMap<>();
    public int failCommandCode = -1;

    public FakeTpm() {
        active.put(0x0004, true);
        active.put(0x000B, true);
        active.put(0x000C, false);
        active.put(0x000D, false);
        pending.putAll(active);
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        commands.add(command.clone());
        ByteBuffer b = ByteBuffer.wrap(command);
        b.getShort();
        b.getInt();
        int cc = b.getInt();
        if (cc == failCommandCode) {
            log.add(String.format("cc 0x%x failed", cc));
            return header(0x8001, 0x9A2, new byte[0]);
        }
        switch (cc) {
            case 0x144:
                log.add("Startup");
                if (started) {
                    return header(0x8001, 0x100, new byte[0]);
                }
                started = true;
                return header(0x8001, 0, new byte[0]);
            case 0x127:
                log.add("ClearControl");
                return sessionOk(new byte[0]);
            case 0x126:
                log.add("Clear");
                ownerAuthSet = false;
                return sessionOk(new byte[0]);
            case 0x17A:
                log.add("GetCapability");
                return header(0x8001, 0, pcrsCapability());
            case 0x12B:
                log.add("PCR_Allocate");
                b.getInt(); // auth handle
                int authSize = b.getInt();
                b.position(b.position() + authSize);
                int count = b.getInt();
                for (int i = 0; i < count; i++) {
                    int alg = b.getShort() & 0xFFFF;
                    int size = b.get() & 0xFF;
                    byte[] sel = new byte[size];
                    b.get(sel);
                    boolean on = false;
                    for (byte x : sel) {
                        on |= x != 0;
                    }
                    pending.put(alg, on);
                }
                return sessionOk(new byte[] {1, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0});
            default:
                log.add(String.format("cc 0x%x unsupported", cc));
                return header(0x8001, RC_COMMAND_CODE, new byte[0]);
        }
    }

    private byte[] pcrsCapability() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0); // moreData
        o.writeBytes(new byte[] {0, 0, 0, 5});
        o.writeBytes(new byte[] {0, 0, 0, (byte) active.size()});
        for (Map.Entry<Integer, Boolean> e : active.entrySet()) {
            o.write(e.getKey() >> 8);
            o.write(e.getKey());
            o.write(3);
            byte v = e.getValue() ? (byte) 0xFF : 0;
            o.writeBytes(new byte[] {v, v, v});
        }
        return o.toByteArray();
    }

    private static byte[] sessionOk(byte[] params) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(ByteBuffer.allocate(4).putInt(params.length).array());
        o.writeBytes(params);
        o.writeBytes(new byte[] {0, 0, 0, 0, 0}); // password session response: nonce, attrs, hmac
        return header(0x8002, 0, o.toByteArray());
    }

    private static byte[] header(int tag, int rc, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(10 + body.length);
        b.putShort((short) tag).putInt(10 + body.length).putInt(rc).put(body);
        return b.array();
    }

    public String hex(int i) {
        return HexFormat.of().formatHex(commands.get(i));
    }

    public List<Integer> activeAlgs() {
        List<Integer> out = new ArrayList<>();
        active.forEach((k, v) -> {
            if (v) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean isEstablished() {
        return false;
    }

    @Override
    public void resetEstablished(int locality) {
    }

    @Override
    public void init() {
        log.add("init");
        inits++;
        started = false;
        active.clear();
        active.putAll(pending);
    }

    @Override
    public void powerOff() {
    }

    @Override
    public int bufferSize() {
        return 4096;
    }

    @Override
    public int setBufferSize(int requested) {
        return 4096;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "FakeTpm" + log + " " + Arrays.toString(active.entrySet().toArray());
    }
}
