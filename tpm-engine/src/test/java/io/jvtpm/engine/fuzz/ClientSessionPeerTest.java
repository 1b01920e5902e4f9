package io.jvtpm.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.peer.LibTpms;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.EccSalt;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fuzzer's caller side of a session agrees with libtpms (TPM 2.0 Library Part 1, 19.6, 21 and
 * C.6.1): a session salted with an ECC key, its command parameter encrypted with XOR or AES-CFB,
 * its response HMAC verified and its response parameter decrypted; the fuzzer drives the engine
 * through the same sessions.
 */
@Tag("peer")
class ClientSessionPeerTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 128})
    void eccSaltedSessionWithXorOrCfbAgreesWithLibtpms(int aesBits) {
        LibTpms.require();
        Random rnd = new Random(aesBits);
        try (LibTpms lib = LibTpms.start()) {
            assertEquals(0, TpmWire.responseCode(lib.process(TpmCommands.startup(TpmSu.CLEAR))));
            Params cp = new Params();
            Templates.sensitive(cp, new byte[0], new byte[0]);
            cp.sized(t -> Templates.eccStorage(t, new byte[0]));
            cp.tpm2b(new byte[0]).u32(0);
            byte[] r = ok(lib, Draft.of("t", TpmCc.CREATE_PRIMARY.value(), new int[] {TpmRh.OWNER.value()},
                    List.of(Auth.empty()), cp), rnd);
            int key = TpmWire.u32(r, 10);
            TpmReader in = new TpmReader(r, 18, r.length - 18);
            byte[][] point = Ops.eccPoint(in.tpm2b(4096));
            EccSalt salt = EccSalt.make(5, point[0], point[1]);
            byte[] nonceCaller = new byte[16];
            rnd.nextBytes(nonceCaller);
            Params sp = new Params().tpm2b(nonceCaller).tpm2b(salt.encryptedSalt()).u8(0);
            if (aesBits == 0) {
                sp.u16(0x000A).u16(Templates.SHA256);
            } else {
                sp.u16(Templates.AES).u16(aesBits).u16(Templates.CFB);
            }
            sp.u16(Templates.SHA256);
            byte[] sr = ok(lib, Draft.of("t", TpmCc.START_AUTH_SESSION.value(), new int[] {key, TpmRh.NULL.value()},
                    List.of(), sp), rnd);
            ClientSession s = ClientSession.started(TpmWire.u32(sr, 10), HashAlgorithm.SHA256, aesBits, nonceCaller,
                    new TpmReader(sr, 14, sr.length - 14).tpm2b(64), salt.salt(), 0, null);
            if (aesBits == 0) {
                s = s.withXor();
            }
            byte[] data = new byte[40];
            rnd.nextBytes(data);
            // Hash with the data encrypted by a decrypt session: libtpms hashes the plaintext
            Draft hash = Draft.of("t", TpmCc.HASH.value(), new int[0],
                    List.of(Auth.extra(s, TpmaSession.CONTINUE_SESSION | TpmaSession.DECRYPT | TpmaSession.ENCRYPT)),
                    new Params().tpm2b(data).u16(Templates.SHA256).u32(TpmRh.OWNER.value()));
            CommandMarshaller.Marshalled m = CommandMarshaller.marshal(hash, TpmWire::u32Bytes, rnd);
            Reply reply = Reply.parse(lib.process(m.bytes()), 0, 1);
            assertEquals(0, reply.rc());
            s.nonceTpm(reply.sessions().get(0).nonceTpm());
            byte[] want = s.responseHmac(m.keys()[0], s.rpHash(0, TpmCc.HASH.value(), reply.params()),
                    reply.sessions().get(0).attributes());
            assertArrayEquals(want, reply.sessions().get(0).hmac(), "response HMAC");
            byte[] params = reply.params();
            s.decryptResponse(m.cipherKeys()[0], params, 2, TpmWire.u16(params, 0));
            assertArrayEquals(HashAlgorithm.SHA256.digest(data), new TpmReader(params, 0, params.length).tpm2b(64));
        }
    }

    private static byte[] ok(LibTpms lib, Draft d, Random rnd) {
        byte[] r = lib.process(CommandMarshaller.marshal(d, TpmWire::u32Bytes, rnd).bytes());
        assertEquals(0, TpmWire.responseCode(r), () -> io.jvtpm.engine.TpmTestSupport.hex(r));
        return r;
    }
}
