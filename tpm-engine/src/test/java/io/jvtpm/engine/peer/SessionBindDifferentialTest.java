package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.wire.TpmaSession;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HMAC sessions bound to each kind of entity (TPM 2.0 Library Part 1, 19.6.11; Part 3, 11.1) side
 * by side with libtpms in process: a hierarchy with an authValue, a PCR, an NV index; each bound
 * session authorizes its entity with the session key alone and another entity with sessionKey ||
 * authValue, the response HMACs checked; PIN Pass indices and public-only objects cannot be bound
 * (TPM_RC_HANDLE for bind).
 */
@Tag("peer")
class SessionBindDifferentialTest {
    private static final int CONT = TpmaSession.CONTINUE_SESSION;
    private static final int PCR16 = 16;
    private static final int NV_INDEX = 0x01500020;
    private static final int PIN_INDEX = 0x01500021;
    private static final byte[] OWNER_AUTH = "owner".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NV_AUTH = "nv-index".getBytes(StandardCharsets.US_ASCII);

    static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("session bound to the owner authorizes the owner (1)", 1);
        EXPECTED.put("same session authorizes the endorsement hierarchy (1)", 1);
        EXPECTED.put("session bound to PCR 16 authorizes PCR_Extend of it (1)", 1);
        EXPECTED.put("session bound to an NV index authorizes NV_Write of it (1)", 1);
        EXPECTED.put("NV-bound session authorizes the owner with its authValue appended (1)", 1);
        EXPECTED.put("PIN Pass index defined", 0);
        EXPECTED.put("bind to a PIN Pass index", TpmRc.HANDLE.handle(2));
        EXPECTED.put("public-only object loaded", 0);
        EXPECTED.put("bind to a public-only object", TpmRc.HANDLE.handle(2));
    }

    @Test
    void sameAnswersAsLibtpms() {
        var both = LibTpms.sideBySide(9, SessionBindDifferentialTest::run);
        assertEquals(LibTpms.codes(both.get(0)), LibTpms.codes(both.get(1)));
        assertEquals(LibTpms.codes(EXPECTED), LibTpms.codes(both.get(0)));
    }

    static Map<String, Integer> run(UnaryOperator<byte[]> tpm) {
        Map<String, Integer> out = new LinkedHashMap<>();
        tpm.apply(TpmCommands.hierarchyChangeAuth(TpmRh.OWNER, new byte[0], OWNER_AUTH));
        ClientSession owner = ClientSession.start(tpm, TpmSe.HMAC, 0, TpmRh.OWNER.value(), OWNER_AUTH);
        out.put("session bound to the owner authorizes the owner (1)",
                createPrimary(tpm, owner, TpmRh.OWNER, OWNER_AUTH, null));
        byte[][] publicArea = new byte[1][];
        out.put("same session authorizes the endorsement hierarchy (1)",
                createPrimary(tpm, owner, TpmRh.ENDORSEMENT, new byte[0], publicArea));

        ClientSession pcr = ClientSession.start(tpm, TpmSe.HMAC, 0, PCR16, new byte[0]);
        byte[] digests = new TpmWriter(40).u32(1).u16(TpmAlgId.SHA256.value()).bytes(new byte[32]).toByteArray();
        out.put("session bound to PCR 16 authorizes PCR_Extend of it (1)", authorized(tpm, pcr, TpmCc.PCR_EXTEND,
                new int[] {PCR16}, new byte[][] {TpmWire.u32Bytes(PCR16)}, new byte[0], digests, 0));

        NvPublic pub = new NvPublic(NV_INDEX, TpmAlgId.SHA256.value(),
                TpmaNv.AUTHWRITE | TpmaNv.AUTHREAD | TpmaNv.NO_DA, new byte[0], 8);
        tpm.apply(TpmNvCommands.defineSpace(TpmRh.OWNER, AuthCommand.password(OWNER_AUTH), NV_AUTH, pub));
        byte[] r = tpm.apply(TpmNvCommands.readPublic(NV_INDEX));
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE, r.length - TpmWire.HEADER_SIZE);
        in.tpm2b(256);
        byte[] nvName = in.tpm2b(66);
        ClientSession nv = ClientSession.start(tpm, TpmSe.HMAC, 0, NV_INDEX, NV_AUTH);
        out.put("session bound to an NV index authorizes NV_Write of it (1)", authorized(tpm, nv, TpmCc.NV_WRITE,
                new int[] {NV_INDEX, NV_INDEX}, new byte[][] {nvName, nvName}, NV_AUTH,
                new TpmWriter(16).tpm2b(new byte[8]).u16(0).toByteArray(), 0));
        out.put("NV-bound session authorizes the owner with its authValue appended (1)",
                createPrimary(tpm, nv, TpmRh.OWNER, OWNER_AUTH, null));

        NvPublic pin = new NvPublic(PIN_INDEX, TpmAlgId.SHA256.value(), TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD
                | TpmaNv.AUTHREAD | TpmNt.PIN_PASS.value() << TpmaNv.TPM_NT_SHIFT, new byte[0], 8);
        out.put("PIN Pass index defined", TpmWire.responseCode(tpm.apply(
                TpmNvCommands.defineSpace(TpmRh.OWNER, AuthCommand.password(OWNER_AUTH), new byte[0], pin))));
        out.put("bind to a PIN Pass index", startBound(tpm, PIN_INDEX));

        r = tpm.apply(CommandBuilder.of(TpmCc.LOAD_EXTERNAL).u16(0).tpm2b(publicArea[0]).u32(TpmRh.NULL.value())
                .build());
        out.put("public-only object loaded", TpmWire.responseCode(r));
        out.put("bind to a public-only object", startBound(tpm, TpmWire.u32(r, TpmWire.HEADER_SIZE)));
        return out;
    }

    /** StartAuthSession of an unsalted HMAC session bound to {@code bind}: its response code (the session flushed). */
    private static int startBound(UnaryOperator<byte[]> tpm, int bind) {
        byte[] r = tpm.apply(CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(bind)
                .tpm2b(new byte[16]).u16(0).u8(TpmSe.HMAC.value()).u16(TpmAlgId.NULL.value())
                .u16(TpmAlgId.SHA256.value()).build());
        if (TpmWire.responseCode(r) == 0) {
            tpm.apply(TpmCommands.flushContext(TpmWire.u32(r, TpmWire.HEADER_SIZE)));
        }
        return TpmWire.responseCode(r);
    }

    /** CreatePrimary of an ECC signing key in {@code hierarchy} through {@code s}; its TPMT_PUBLIC into {@code publicOut[0]}. */
    private static int createPrimary(UnaryOperator<byte[]> tpm, ClientSession s, TpmRh hierarchy, byte[] auth,
            byte[][] publicOut) {
        byte[][] response = new byte[1][];
        int rc = authorized(tpm, s, TpmCc.CREATE_PRIMARY, new int[] {hierarchy.value()},
                new byte[][] {TpmWire.u32Bytes(hierarchy.value())}, auth, createPrimaryParams(), 1, response);
        if (TpmWire.responseCode(response[0]) == 0) {
            if (publicOut != null) {
                byte[] rp = ResponseAuth.parameters(response[0], 1);
                publicOut[0] = new TpmReader(rp, 0, rp.length).tpm2b(1024);
            }
            tpm.apply(TpmCommands.flushContext(TpmWire.u32(response[0], TpmWire.HEADER_SIZE)));
        }
        return rc;
    }

    private static byte[] createPrimaryParams() {
        return new TpmWriter(64).u16(4).u16(0).u16(0).tpm2b(KeyTemplates.eccSigning()).u16(0).u32(0).toByteArray();
    }

    private static int authorized(UnaryOperator<byte[]> tpm, ClientSession s, TpmCc cc, int[] handles,
            byte[][] names, byte[] authValue, byte[] params, int responseHandles) {
        return authorized(tpm, s, cc, handles, names, authValue, params, responseHandles, new byte[1][]);
    }

    /**
     * {@code cc} with {@code handles}, the first authorized by {@code s} with the HMAC for the
     * entity's {@code authValue}: 1 when it succeeds and its response HMAC checks, else its
     * response code. The response into {@code response[0]}.
     */
    private static int authorized(UnaryOperator<byte[]> tpm, ClientSession s, TpmCc cc, int[] handles,
            byte[][] names, byte[] authValue, byte[] params, int responseHandles, byte[][] response) {
        s.nextNonceCaller();
        byte[] key = s.key(handles[0], authValue);
        byte[] hmac = s.commandHmac(key, s.cpHash(cc.value(), names, params), null, null, CONT);
        CommandBuilder b = CommandBuilder.of(cc);
        for (int h : handles) {
            b.handle(h);
        }
        byte[] r = tpm.apply(b.auth(s.auth(CONT, hmac)).bytes(params).build());
        response[0] = r;
        if (TpmWire.responseCode(r) != 0) {
            return TpmWire.responseCode(r);
        }
        ResponseAuth auth = ResponseAuth.parse(r, responseHandles).get(0);
        s.nonceTpm(auth.nonceTpm());
        byte[] want = s.responseHmac(key, s.rpHash(0, cc.value(), ResponseAuth.parameters(r, responseHandles)),
                auth.attributes());
        return Arrays.equals(want, auth.hmac()) ? 1 : 0;
    }
}
