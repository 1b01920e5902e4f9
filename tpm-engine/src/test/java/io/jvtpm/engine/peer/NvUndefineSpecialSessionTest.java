package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSe;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaNv;
import io.jvtpm.engine.wire.TpmaSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TPM2_NV_UndefineSpaceSpecial deletes the index its policy session authorizes (TPM 2.0 Library
 * Part 3, 31.4): the response HMAC of that session no longer uses the index's authValue (libtpms:
 * SessionRemoveAssociationToHandle), even after PolicyAuthValue put it into the command HMAC. The
 * same sequence on libtpms in process and on jvtpm, each response HMAC checked the same way; a
 * session bound to the deleted index is no longer bound to a new index at that handle.
 */
@Tag("peer")
class NvUndefineSpecialSessionTest {
    private static final int INDEX = 0x01500001;
    private static final byte[] AUTH = "secret".getBytes(StandardCharsets.US_ASCII);

    /** Runs {@code scenario} on libtpms in process, then on jvtpm, each named. */
    private static void onBoth(BiConsumer<UnaryOperator<byte[]>, String> scenario) {
        LibTpms.require();
        try (LibTpms lib = LibTpms.start(); InProcessBackend ours = InProcessBackend.inMemory(7)) {
            ours.init();
            scenario.accept(lib::process, "libtpms");
            scenario.accept(c -> ours.execute(0, c), "jvtpm");
        }
    }

    @Test
    void theDeletedIndexsAuthValueLeavesTheResponseHmacAsInLibtpms() {
        onBoth(NvUndefineSpecialSessionTest::undefineThroughPolicyAuthValue);
    }

    @Test
    void aSessionBoundToAnUndefinedIndexIsNotBoundToTheNextOneAtItsHandleAsInLibtpms() {
        onBoth(NvUndefineSpecialSessionTest::boundThenRedefined);
    }

    private static void boundThenRedefined(UnaryOperator<byte[]> tpm, String who) {
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        int attrs = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD | TpmaNv.AUTHREAD | TpmaNv.AUTHWRITE | TpmaNv.NO_DA;
        ok(tpm, TpmNvCommands.defineSpace(TpmRh.OWNER, AuthCommand.emptyPassword(), AUTH,
                new NvPublic(INDEX, TpmAlgId.SHA256.value(), attrs, new byte[0], 8)));
        ClientSession s = ClientSession.start(tpm, TpmSe.HMAC, 0, INDEX, AUTH);
        ok(tpm, TpmNvCommands.undefineSpace(TpmRh.OWNER, AuthCommand.emptyPassword(), INDEX));
        // the same handle and authValue, another public area: another Name
        ok(tpm, TpmNvCommands.defineSpace(TpmRh.OWNER, AuthCommand.emptyPassword(), AUTH,
                new NvPublic(INDEX, TpmAlgId.SHA256.value(), attrs, new byte[0], 16)));
        ok(tpm, TpmNvCommands.write(TpmRh.OWNER.value(), INDEX, AuthCommand.emptyPassword(), new byte[16], 0));
        byte[] name = TpmResponse.parse(ok(tpm, TpmNvCommands.readPublic(INDEX))).nvReadPublic().name();
        int sa = TpmaSession.CONTINUE_SESSION;
        byte[] params = new byte[] {0, 4, 0, 0};
        byte[] cpHash = s.cpHash(TpmCc.NV_READ, List.of(name, name), params);
        // keyed as for an entity the session is not bound to: sessionKey || authValue
        byte[] key = concat(s.key(0, null), AUTH);
        byte[] r = tpm.apply(TpmNvCommands.read(INDEX, INDEX, s.auth(sa, s.commandHmac(key, cpHash, null, null, sa)),
                4, 0));
        assertEquals(0, TpmTestSupport.rc(r), who + ": the session is no longer bound to the index at that handle");
        assertEquals(0, TpmTestSupport.rc(tpm.apply(TpmCommands.flushContext(s.handle()))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] ok(UnaryOperator<byte[]> tpm, byte[] command) {
        byte[] r = tpm.apply(command);
        // libtpms runs the self-test of an algorithm at its first use and asks for the command again
        for (int i = 0; i < 5 && TpmTestSupport.rc(r) == TpmRc.RETRY.value(); i++) {
            r = tpm.apply(command);
        }
        int rc = TpmTestSupport.rc(r);
        assertEquals(0, rc, () -> "0x" + Integer.toHexString(rc));
        return r;
    }

    private static void undefineThroughPolicyAuthValue(UnaryOperator<byte[]> tpm, String who) {
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        byte[] policy = HashAlgorithm.SHA256.digest(new byte[32], TpmWire.u32Bytes(TpmCc.POLICY_AUTH_VALUE.value()));
        policy = HashAlgorithm.SHA256.digest(policy, TpmWire.u32Bytes(TpmCc.POLICY_COMMAND_CODE.value()),
                TpmWire.u32Bytes(TpmCc.NV_UNDEFINE_SPACE_SPECIAL.value()));
        ok(tpm, TpmNvCommands.defineSpace(TpmRh.PLATFORM, AuthCommand.emptyPassword(), AUTH,
                new NvPublic(INDEX, TpmAlgId.SHA256.value(), TpmaNv.PPREAD | TpmaNv.PPWRITE | TpmaNv.PLATFORMCREATE
                        | TpmaNv.POLICY_DELETE, policy, 8)));
        byte[] name = TpmResponse.parse(ok(tpm, TpmNvCommands.readPublic(INDEX))).nvReadPublic().name();
        ClientSession s = ClientSession.start(tpm, TpmSe.POLICY, 0);
        ok(tpm, CommandBuilder.of(TpmCc.POLICY_AUTH_VALUE).handle(s.handle()).build());
        ok(tpm, CommandBuilder.of(TpmCc.POLICY_COMMAND_CODE).handle(s.handle())
                .u32(TpmCc.NV_UNDEFINE_SPACE_SPECIAL.value()).build());
        int attrs = TpmaSession.CONTINUE_SESSION;
        byte[] cpHash = s.cpHash(TpmCc.NV_UNDEFINE_SPACE_SPECIAL, List.of(name,
                TpmWire.u32Bytes(TpmRh.PLATFORM.value())), new byte[0]);
        // PolicyAuthValue: the command HMAC is keyed with the index's authValue
        byte[] hmac = s.commandHmac(s.key(INDEX, AUTH), cpHash, null, null, attrs);
        byte[] r = ok(tpm, TpmNvCommands.undefineSpaceSpecial(INDEX, s.auth(attrs, hmac),
                AuthCommand.emptyPassword()));
        ResponseAuth ra = ResponseAuth.parse(r, 0).get(0);
        s.nonceTpm(ra.nonceTpm());
        byte[] rpHash = s.rpHash(0, TpmCc.NV_UNDEFINE_SPACE_SPECIAL.value(), new byte[0]);
        assertArrayEquals(s.responseHmac(s.key(INDEX, null), rpHash, ra.attributes()), ra.hmac(),
                who + ": the response HMAC is keyed without the deleted index's authValue");
        assertFalse(java.util.Arrays.equals(s.responseHmac(s.key(INDEX, AUTH), rpHash, ra.attributes()), ra.hmac()),
                who + ": not with it");
        assertEquals(0, TpmTestSupport.rc(tpm.apply(TpmCommands.flushContext(s.handle()))));
    }
}
