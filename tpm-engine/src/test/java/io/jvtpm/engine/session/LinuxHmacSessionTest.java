package io.jvtpm.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.EccSalt;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What Linux 6.10+ with CONFIG_TCG_TPM2_HMAC sends (drivers/char/tpm/tpm2-sessions.c), byte for
 * byte through the wire layer: at boot a P-256 primary in the NULL hierarchy, its Name kept,
 * ContextSave and FlushContext; before each protected command ContextLoad of that key, an
 * HMAC session salted with it (ECDH + KDFe, TPM 2.0 Library Part 1, C.6.1; AES-128-CFB,
 * SHA-256), the key flushed; PCR_Extend authorized through the session and GetRandom with its
 * response encrypted, every response HMAC checked as the kernel checks it. Run on the engine, and
 * on libtpms in process as the reference.
 */
class LinuxHmacSessionTest {
    private static final int PCR = 16;
    private static final int CONT = TpmaSession.CONTINUE_SESSION;

    @Test
    void kernelHmacSessionFlowOnTheEngine() {
        try (InProcessBackend tpm = TpmTestSupport.started(21)) {
            replay(c -> tpm.execute(0, c));
        }
    }

    @Test
    @Tag("peer")
    void sameFlowOnLibtpms() {
        LibTpms.require();
        try (LibTpms lib = LibTpms.start()) {
            assertEquals(0, TpmWire.responseCode(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            replay(lib::process);
        }
    }

    private static void replay(UnaryOperator<byte[]> tpm) {
        // boot: tpm2_create_null_primary, then tpm2_save_context / flush
        byte[] r = ok(tpm, TpmCommands.createPrimary(TpmRh.NULL, new byte[0], KeyTemplates.eccStorage()));
        int key = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        byte[] outPublic = new TpmReader(r, TpmWire.HEADER_SIZE + 8, r.length - TpmWire.HEADER_SIZE - 8)
                .tpm2b(1024);
        byte[] name = HashAlgorithm.SHA256.digest(outPublic);
        byte[] nullName = new TpmWriter(34).u16(TpmAlgId.SHA256.value()).bytes(name).toByteArray();
        byte[] context = ResponseAuth.parameters(
                ok(tpm, CommandBuilder.of(TpmCc.CONTEXT_SAVE).handle(key).build()), 0);
        ok(tpm, TpmCommands.flushContext(key));

        for (int round = 0; round < 2; round++) {
            // tpm2_start_auth_session: ContextLoad of the null key, its Name checked, salted session
            r = ok(tpm, CommandBuilder.of(TpmCc.CONTEXT_LOAD).bytes(context).build());
            int loaded = TpmWire.u32(r, TpmWire.HEADER_SIZE);
            byte[] rp = ResponseAuth.parameters(ok(tpm, CommandBuilder.of(TpmCc.READ_PUBLIC).handle(loaded).build()), 0);
            TpmReader in = new TpmReader(rp, 0, rp.length);
            in.tpm2b(1024);
            assertArrayEquals(nullName, in.tpm2b(66), "the null key's Name after ContextLoad");
            byte[][] q = eccPoint(outPublic);
            EccSalt salt = EccSalt.make(100 + round, q[0], q[1]);
            byte[] nonceCaller = new byte[32];
            Arrays.fill(nonceCaller, (byte) (0x40 + round));
            r = ok(tpm, CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(loaded).handle(TpmRh.NULL)
                    .tpm2b(nonceCaller).tpm2b(salt.encryptedSalt()).u8(TpmSe.HMAC.value())
                    .u16(TpmAlgId.AES.value()).u16(128).u16(TpmAlgId.CFB.value()).u16(TpmAlgId.SHA256.value())
                    .build());
            ClientSession s = ClientSession.started(TpmWire.u32(r, TpmWire.HEADER_SIZE), HashAlgorithm.SHA256, 128,
                    nonceCaller, new TpmReader(r, TpmWire.HEADER_SIZE + 4, r.length - TpmWire.HEADER_SIZE - 4)
                            .tpm2b(64), salt.salt(), 0, null);
            ok(tpm, TpmCommands.flushContext(loaded));

            // tpm2_pcr_extend through the session (PCR_Extend has no TPM2B parameter to encrypt)
            byte[] before = pcr(tpm);
            byte[] digest = new byte[32];
            Arrays.fill(digest, (byte) (0x11 * (round + 1)));
            byte[] params = new TpmWriter(40).u32(1).u16(TpmAlgId.SHA256.value()).bytes(digest).toByteArray();
            s.nextNonceCaller();
            byte[] cp = s.cpHash(TpmCc.PCR_EXTEND.value(), new byte[][] {TpmWire.u32Bytes(PCR)}, params);
            byte[] key0 = s.key(PCR, new byte[0]);
            r = ok(tpm, CommandBuilder.of(TpmCc.PCR_EXTEND).handle(PCR)
                    .auth(s.auth(CONT, s.commandHmac(key0, cp, null, null, CONT))).bytes(params).build());
            checkResponse(s, key0, TpmCc.PCR_EXTEND, r);
            assertArrayEquals(HashAlgorithm.SHA256.digest(before, digest), pcr(tpm), "PCR extended");

            // tpm2_get_random with an encrypted response
            int attrs = CONT | TpmaSession.ENCRYPT;
            byte[] getRandom = new TpmWriter(2).u16(32).toByteArray();
            s.nextNonceCaller();
            cp = s.cpHash(TpmCc.GET_RANDOM.value(), new byte[0][], getRandom);
            r = ok(tpm, CommandBuilder.of(TpmCc.GET_RANDOM).auth(s.auth(attrs, s.commandHmac(s.key(0, null), cp,
                    null, null, attrs))).bytes(getRandom).build());
            byte[] sent = ResponseAuth.parameters(r, 0);
            checkResponse(s, s.key(0, null), TpmCc.GET_RANDOM, r);
            byte[] bytes = sent.clone();
            s.decryptResponse(s.cipherKey(null), bytes, 2, TpmWire.u16(bytes, 0));
            assertEquals(32, TpmWire.u16(bytes, 0));
            assertFalse(Arrays.equals(sent, bytes), "the random bytes crossed encrypted");
            ok(tpm, TpmCommands.flushContext(s.handle()));
        }
    }

    /** The kernel's tpm_buf_check_hmac_response: HMAC(sessionKey, rpHash || nonceTPM || nonceCaller || attrs). */
    private static void checkResponse(ClientSession s, byte[] key, TpmCc cc, byte[] r) {
        ResponseAuth auth = ResponseAuth.parse(r, 0).get(0);
        s.nonceTpm(auth.nonceTpm());
        byte[] want = s.responseHmac(key, s.rpHash(0, cc.value(), ResponseAuth.parameters(r, 0)), auth.attributes());
        assertArrayEquals(want, auth.hmac(), cc + " response HMAC");
    }

    private static byte[] pcr(UnaryOperator<byte[]> tpm) {
        byte[] r = ok(tpm, TpmCommands.pcrRead(HashAlgorithm.SHA256, PCR));
        return Arrays.copyOfRange(r, r.length - 32, r.length);
    }

    /** x and y of the P-256 storage key's TPMT_PUBLIC (KeyTemplates.eccStorage layout). */
    private static byte[][] eccPoint(byte[] pub) {
        TpmReader in = new TpmReader(pub, 0, pub.length);
        in.skip(2 + 2 + 4);
        in.tpm2b(64);
        in.skip(6 + 2 + 2 + 2);
        return new byte[][] {in.tpm2b(66), in.tpm2b(66)};
    }

    private static byte[] ok(UnaryOperator<byte[]> tpm, byte[] command) {
        byte[] r = tpm.apply(command);
        assertEquals(0, TpmWire.responseCode(r), () -> TpmTestSupport.hex(r));
        return r;
    }
}
