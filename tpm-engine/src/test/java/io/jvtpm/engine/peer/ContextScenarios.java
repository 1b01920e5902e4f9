package io.jvtpm.engine.peer;

import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Context management sequences (TPM 2.0 Library Part 1, 30; Part 3, 28): the session capacity
 * (3 loaded, 64 active) with what GetCapability says of it, context gapping, and ContextSave and
 * ContextLoad of hash, HMAC, CMAC and event sequences. Each step's response code (or a figure: a count,
 * 1 for a check that held) by name, run on one started TPM; the same run goes to the engine and
 * to libtpms in {@code SessionDifferentialTest}.
 */
final class ContextScenarios {
    private static final int PCR16 = 16;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, sign. */
    private static final int SIGN_ATTRIBUTES = 0x0004_0072;
    private static final int DECRYPT = 0x0002_0000;

    private final UnaryOperator<byte[]> tpm;
    private final Map<String, Integer> answers = new LinkedHashMap<>();

    private ContextScenarios(UnaryOperator<byte[]> tpm) {
        this.tpm = tpm;
    }

    /** Runs {@code steps} on a started {@code tpm}; each step's answer by name. */
    static Map<String, Integer> run(UnaryOperator<byte[]> tpm, Consumer<ContextScenarios> steps) {
        ContextScenarios s = new ContextScenarios(tpm);
        steps.accept(s);
        return s.answers;
    }

    // ------------------------------------------------------------------ capacity

    void capacity() {
        List<Integer> sessions = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sessions.add(TpmWire.u32(send("loaded session " + i, hmacSession()), TpmWire.HEADER_SIZE));
        }
        send("a 4th loaded session", hmacSession());
        properties("with 3 loaded");
        answers.put("loaded sessions listed", handles(0x02000000));
        List<byte[]> contexts = new ArrayList<>();
        for (int h : sessions) {
            byte[] r = send("ContextSave of loaded session " + Integer.toHexString(h), contextSave(h));
            contexts.add(Arrays.copyOfRange(r, TpmWire.HEADER_SIZE, r.length));
        }
        answers.put("saved sessions listed", handles(0x03000000));
        answers.put("loaded sessions listed after the saves", handles(0x02000000));
        int active = 3;
        byte[] r;
        while (TpmWire.responseCode(r = tpm.apply(hmacSession())) == 0 && active < 100) {
            active++;
            tpm.apply(contextSave(TpmWire.u32(r, TpmWire.HEADER_SIZE)));
        }
        answers.put("sessions active when StartAuthSession fails", active);
        answers.put("StartAuthSession with every context slot taken", TpmWire.responseCode(r));
        properties("with 64 saved");
        answers.put("saved sessions listed, 64 active", handles(0x03000000));
        send("ContextLoad of a saved session with 64 active", contextLoad(contexts.get(1)));
        send("ContextLoad of the same context again", contextLoad(contexts.get(1)));
        properties("with 1 loaded and 63 saved");
        int flushed = 0;
        for (int i = 0; i < 64; i++) {
            flushed += TpmWire.responseCode(tpm.apply(TpmCommands.flushContext(0x02000000 + i))) == 0 ? 1 : 0;
        }
        answers.put("sessions flushed by their HMAC handle", flushed);
        properties("after flushing");
    }

    private void properties(String when) {
        byte[] r = tpm.apply(TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.HR_LOADED.value(), 4));
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE + 5, r.length - TpmWire.HEADER_SIZE - 5);
        int n = in.u32();
        for (int i = 0; i < n; i++) {
            int pt = in.u32();
            answers.put("property 0x" + Integer.toHexString(pt) + " " + when, in.u32());
        }
    }

    /** The number of handles GetCapability(TPM_CAP_HANDLES) lists from {@code first}, and 1000 if more. */
    private int handles(int first) {
        byte[] r = tpm.apply(TpmCommands.getCapability(TpmCap.HANDLES, first, 100));
        int more = r[TpmWire.HEADER_SIZE];
        return TpmWire.u32(r, TpmWire.HEADER_SIZE + 5) + (more != 0 ? 1000 : 0);
    }

    // ------------------------------------------------------------------ context gap

    void contextGap() {
        int a = TpmWire.u32(send("session A", hmacSession()), TpmWire.HEADER_SIZE);
        byte[] ra = send("ContextSave of A, the oldest", contextSave(a));
        byte[] contextA = Arrays.copyOfRange(ra, TpmWire.HEADER_SIZE, ra.length);
        int b = TpmWire.u32(send("session B", hmacSession()), TpmWire.HEADER_SIZE);
        int saves = 0;
        int rc;
        while (true) {
            byte[] r = tpm.apply(contextSave(b));
            rc = TpmWire.responseCode(r);
            if (rc != 0 || saves > 70000) {
                break;
            }
            saves++;
            byte[] loaded = tpm.apply(contextLoad(Arrays.copyOfRange(r, TpmWire.HEADER_SIZE, r.length)));
            if (TpmWire.responseCode(loaded) != 0) {
                answers.put("ContextLoad of B failed", TpmWire.responseCode(loaded));
                return;
            }
        }
        answers.put("saves of B before the gap is at its maximum", saves);
        answers.put("ContextSave of B with the gap at its maximum", rc);
        byte[] c = send("session C, 2 loaded", hmacSession());
        send("session D at the last loaded slot with the gap at its maximum", hmacSession());
        send("ContextLoad of A, the oldest, at the last loaded slot", contextLoad(contextA));
        send("FlushContext of A", TpmCommands.flushContext(a));
        send("ContextSave of B once A is gone", contextSave(b));
        send("FlushContext of B", TpmCommands.flushContext(b));
        flush(c);
    }

    // ------------------------------------------------------------------ sequence contexts

    void sequenceContexts() {
        byte[] auth = "seq".getBytes(StandardCharsets.US_ASCII);
        byte[] one = "first block ".getBytes(StandardCharsets.US_ASCII);
        byte[] two = "second block ".getBytes(StandardCharsets.US_ASCII);
        byte[] three = "last".getBytes(StandardCharsets.US_ASCII);
        byte[] r = send("HashSequenceStart", TpmCommands.hashSequenceStart(auth, HashAlgorithm.SHA256));
        int seq = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        seq = updateAcrossContexts("hash", seq, auth, one, two);
        r = send("SequenceComplete", TpmCommands.sequenceComplete(seq, auth, three, TpmRh.OWNER));
        byte[] digest = firstOutput(r);
        byte[] all = concat(concat(one, two), three);
        answers.put("SequenceComplete gives H(all blocks)",
                Arrays.equals(HashAlgorithm.SHA256.digest(all), digest) ? 1 : 0);

        r = send("EventSequenceStart", TpmCommands.eventSequenceStart(auth));
        seq = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        send("event SequenceUpdate", TpmCommands.sequenceUpdate(seq, auth, one));
        seq = saveFlushLoad("event sequence", seq);
        send("EventSequenceComplete", TpmCommands.eventSequenceComplete(PCR16, seq, auth, two));

        r = send("CreatePrimary: an HMAC key", TpmCommands.createPrimary(TpmRh.NULL, new byte[0], hmacKey()));
        int key = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        r = send("HMAC_Start", CommandBuilder.of(TpmCc.HMAC_START).handle(key).emptyPassword().tpm2b(auth)
                .u16(TpmAlgId.SHA256.value()).build());
        seq = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        send("HMAC SequenceUpdate", TpmCommands.sequenceUpdate(seq, auth, one));
        seq = saveFlushLoad("HMAC sequence", seq);
        r = send("HMAC SequenceComplete", TpmCommands.sequenceComplete(seq, auth, two, TpmRh.NULL));
        byte[] mac = firstOutput(r);
        r = send("HMAC", CommandBuilder.of(TpmCc.HMAC).handle(key).emptyPassword().tpm2b(concat(one, two))
                .u16(TpmAlgId.SHA256.value()).build());
        byte[] whole = firstOutput(r);
        answers.put("the saved HMAC sequence gives the HMAC of all blocks", Arrays.equals(mac, whole) ? 1 : 0);
        send("FlushContext of the HMAC key", TpmCommands.flushContext(key));
    }

    /**
     * A CMAC sequence (TPM2_MAC_Start with an AES key) saved, flushed and loaded mid-way; not run
     * against libtpms 0.9, whose ContextSave of a CMAC sequence crashes.
     */
    void cmacSequenceContext() {
        byte[] auth = "seq".getBytes(StandardCharsets.US_ASCII);
        byte[] one = "first block, longer than sixteen bytes ".getBytes(StandardCharsets.US_ASCII);
        byte[] two = "second".getBytes(StandardCharsets.US_ASCII);
        byte[] three = " and the last block".getBytes(StandardCharsets.US_ASCII);
        byte[] all = concat(concat(one, two), three);
        byte[] r = send("CreatePrimary: an AES-128 key that signs", TpmCommands.createPrimary(TpmRh.NULL, new byte[0],
                cmacKey()));
        int key = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        r = send("MAC_Start with CMAC", CommandBuilder.of(TpmCc.HMAC_START).handle(key).emptyPassword()
                .tpm2b(auth).u16(TpmAlgId.CMAC.value()).build());
        int seq = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        seq = updateAcrossContexts("CMAC", seq, auth, one, two);
        r = send("CMAC SequenceComplete", TpmCommands.sequenceComplete(seq, auth, three, TpmRh.NULL));
        byte[] mac = firstOutput(r);
        r = send("MAC with CMAC", CommandBuilder.of(TpmCc.HMAC).handle(key).emptyPassword().tpm2b(all)
                .u16(TpmAlgId.CMAC.value()).build());
        byte[] whole = firstOutput(r);
        answers.put("the saved CMAC sequence gives the CMAC of all blocks", Arrays.equals(mac, whole) ? 1 : 0);
        send("FlushContext of the AES key", TpmCommands.flushContext(key));
    }

    /** Adds {@code one} and {@code two} to the sequence, saving, flushing and loading it after each. */
    private int updateAcrossContexts(String what, int seq, byte[] auth, byte[] one, byte[] two) {
        send(what + " SequenceUpdate", TpmCommands.sequenceUpdate(seq, auth, one));
        int loaded = saveFlushLoad(what + " sequence", seq);
        send(what + " SequenceUpdate after ContextLoad", TpmCommands.sequenceUpdate(loaded, auth, two));
        return saveFlushLoad(what + " sequence again", loaded);
    }

    /** The first TPM2B output parameter of a response with sessions (a digest or MAC). */
    private static byte[] firstOutput(byte[] r) {
        return new TpmReader(r, TpmWire.HEADER_SIZE + 4, r.length - TpmWire.HEADER_SIZE - 4).tpm2b(64);
    }

    private int saveFlushLoad(String what, int seq) {
        byte[] r = send("ContextSave of the " + what, contextSave(seq));
        byte[] context = Arrays.copyOfRange(r, TpmWire.HEADER_SIZE, r.length);
        answers.put("savedHandle of the " + what, TpmWire.u32(context, 8));
        send("FlushContext of the " + what, TpmCommands.flushContext(seq));
        byte[] tampered = context.clone();
        tampered[tampered.length - 1] ^= 1;
        send("ContextLoad of the " + what + ", one bit flipped", contextLoad(tampered));
        r = send("ContextLoad of the " + what, contextLoad(context));
        return TpmWire.u32(r, TpmWire.HEADER_SIZE);
    }

    // ------------------------------------------------------------------ commands

    private byte[] send(String name, byte[] command) {
        byte[] r = TpmTestSupport.untilNotRetry(tpm, command);
        answers.put(name, TpmWire.responseCode(r));
        return r;
    }

    /** Flushes the session a successful StartAuthSession response started. */
    private void flush(byte[] response) {
        if (TpmWire.responseCode(response) == 0) {
            tpm.apply(TpmCommands.flushContext(TpmWire.u32(response, TpmWire.HEADER_SIZE)));
        }
    }

    private static byte[] hmacSession() {
        return CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL.value()).handle(TpmRh.NULL.value())
                .tpm2b(new byte[16]).tpm2b(new byte[0]).u8(TpmSe.HMAC.value()).u16(TpmAlgId.NULL.value())
                .u16(TpmAlgId.SHA256.value()).build();
    }

    private static byte[] contextSave(int handle) {
        return CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(handle).build();
    }

    private static byte[] contextLoad(byte[] context) {
        return CommandBuilder.of(TpmCc.CONTEXT_LOAD).bytes(context).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** A SYMCIPHER AES-128 key with sign and decrypt, its mode TPM_ALG_NULL. */
    private static byte[] cmacKey() {
        return new TpmWriter(64).u16(TpmAlgId.SYMCIPHER.value()).u16(TpmAlgId.SHA256.value())
                .u32(SIGN_ATTRIBUTES | DECRYPT).u16(0).u16(TpmAlgId.AES.value()).u16(128)
                .u16(TpmAlgId.NULL.value()).u16(0).toByteArray();
    }

    private static byte[] hmacKey() {
        return new TpmWriter(64).u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.SHA256.value())
                .u32(SIGN_ATTRIBUTES).u16(0).u16(TpmAlgId.HMAC.value()).u16(TpmAlgId.SHA256.value()).u16(0)
                .toByteArray();
    }
}
