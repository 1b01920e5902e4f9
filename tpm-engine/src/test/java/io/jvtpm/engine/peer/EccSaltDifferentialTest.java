package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.EccSalt;
import io.jvtpm.engine.testing.KeyTemplates;
import io.jvtpm.engine.testing.ResponseAuth;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TPM2_StartAuthSession salted with an ECC key (TPM 2.0 Library Part 1, C.6.1; Part 3, 11.1)
 * side by side with libtpms in process: with the same ephemeral key both derive the same salt,
 * so the same caller-side session decrypts a command parameter, encrypts the response and
 * signs it on both, with AES-128-CFB and with XOR (Part 1, 21.2); malformed, off-curve and empty secrets, and keys that cannot decrypt, get
 * libtpms's response codes.
 */
@Tag("peer")
class EccSaltDifferentialTest {
    private static final int BOTH = TpmaSession.CONTINUE_SESSION | TpmaSession.DECRYPT | TpmaSession.ENCRYPT;
    private static final int PARAM_SALT = 2;
    private static final byte[] AES_128_CFB = new TpmWriter(6).u16(TpmAlgId.AES.value()).u16(128)
            .u16(TpmAlgId.CFB.value()).toByteArray();
    private static final byte[] XOR_SHA256 = new TpmWriter(4).u16(TpmAlgId.XOR.value())
            .u16(TpmAlgId.SHA256.value()).toByteArray();

    static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("ECC-salted session", 0);
        EXPECTED.put("Hash through it: plaintext digest, response HMAC right (1)", 1);
        EXPECTED.put("Hash through it again (1)", 1);
        EXPECTED.put("Hash through it, HMAC over the plaintext", TpmRc.BAD_AUTH.session(1));
        EXPECTED.put("Hash through it after a bad HMAC (1)", 1);
        EXPECTED.put("ECC-salted XOR session", 0);
        EXPECTED.put("Hash through the XOR session (1)", 1);
        EXPECTED.put("Hash through the XOR session again (1)", 1);
        EXPECTED.put("XOR with TPM_ALG_NULL as its hash", TpmRc.HASH.param(4));
        EXPECTED.put("point off the curve", TpmRc.VALUE.param(PARAM_SALT));
        EXPECTED.put("point cut short", TpmRc.VALUE.param(PARAM_SALT));
        EXPECTED.put("coordinate beyond the field", TpmRc.VALUE.param(PARAM_SALT));
        EXPECTED.put("empty secret to an ECC key", TpmRc.VALUE.param(PARAM_SALT));
        EXPECTED.put("secret with no tpmKey", TpmRc.VALUE.param(PARAM_SALT));
        EXPECTED.put("ECC signing key as tpmKey", TpmRc.ATTRIBUTES.handle(1));
        EXPECTED.put("nonceCaller longer than the digest", TpmRc.SIZE.param(1));
    }

    @Test
    void sameAnswersAsLibtpms() {
        var both = LibTpms.sideBySide(7, EccSaltDifferentialTest::run);
        assertEquals(LibTpms.codes(both.get(0)), LibTpms.codes(both.get(1)));
        assertEquals(LibTpms.codes(EXPECTED), LibTpms.codes(both.get(0)));
    }

    static Map<String, Integer> run(UnaryOperator<byte[]> tpm) {
        Map<String, Integer> out = new LinkedHashMap<>();
        byte[] r = tpm.apply(TpmCommands.createPrimary(TpmRh.NULL, new byte[0], KeyTemplates.eccStorage()));
        int key = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        byte[][] q = publicPoint(r);
        EccSalt salt = EccSalt.make(11, q[0], q[1]);
        byte[] nonceCaller = new byte[16];
        Arrays.fill(nonceCaller, (byte) 3);
        r = tpm.apply(start(key, nonceCaller, salt.encryptedSalt()));
        out.put("ECC-salted session", TpmWire.responseCode(r));
        ClientSession s = ClientSession.started(TpmWire.u32(r, TpmWire.HEADER_SIZE), HashAlgorithm.SHA256, 128,
                nonceCaller, new TpmReader(r, TpmWire.HEADER_SIZE + 4, r.length - TpmWire.HEADER_SIZE - 4).tpm2b(64),
                salt.salt(), 0, null);
        out.put("Hash through it: plaintext digest, response HMAC right (1)", hashThrough(tpm, s, false));
        out.put("Hash through it again (1)", hashThrough(tpm, s, false));
        out.put("Hash through it, HMAC over the plaintext", hashThrough(tpm, s, true));
        out.put("Hash through it after a bad HMAC (1)", hashThrough(tpm, s, false));

        r = tpm.apply(start(key, nonceCaller, salt.encryptedSalt(), XOR_SHA256));
        out.put("ECC-salted XOR session", TpmWire.responseCode(r));
        ClientSession x = ClientSession.started(TpmWire.u32(r, TpmWire.HEADER_SIZE), HashAlgorithm.SHA256, 0,
                nonceCaller, new TpmReader(r, TpmWire.HEADER_SIZE + 4, r.length - TpmWire.HEADER_SIZE - 4).tpm2b(64),
                salt.salt(), 0, null).withXor();
        out.put("Hash through the XOR session (1)", hashThrough(tpm, x, false));
        out.put("Hash through the XOR session again (1)", hashThrough(tpm, x, false));
        out.put("XOR with TPM_ALG_NULL as its hash", rc(tpm, start(key, nonceCaller, salt.encryptedSalt(),
                new TpmWriter(4).u16(TpmAlgId.XOR.value()).u16(TpmAlgId.NULL.value()).toByteArray())));
        byte[] ex = Arrays.copyOfRange(salt.encryptedSalt(), 2, 34);
        byte[] ey = Arrays.copyOfRange(salt.encryptedSalt(), 36, 68);
        byte[] offCurve = ey.clone();
        offCurve[31] ^= 1;
        out.put("point off the curve", rc(tpm, start(key, nonceCaller, point(ex, offCurve))));
        out.put("point cut short", rc(tpm, start(key, nonceCaller,
                Arrays.copyOf(salt.encryptedSalt(), 40))));
        byte[] big = new byte[32];
        Arrays.fill(big, (byte) 0xFF);
        out.put("coordinate beyond the field", rc(tpm, start(key, nonceCaller, point(big, ey))));
        out.put("empty secret to an ECC key", rc(tpm, start(key, nonceCaller, new byte[0])));
        out.put("secret with no tpmKey", rc(tpm, start(TpmRh.NULL.value(), nonceCaller, salt.encryptedSalt())));
        r = tpm.apply(TpmCommands.createPrimary(TpmRh.NULL, new byte[0], KeyTemplates.eccSigning()));
        int signer = TpmWire.u32(r, TpmWire.HEADER_SIZE);
        out.put("ECC signing key as tpmKey", rc(tpm, start(signer, nonceCaller, salt.encryptedSalt())));
        out.put("nonceCaller longer than the digest", rc(tpm, start(key, new byte[48], salt.encryptedSalt())));
        for (int h : new int[] {s.handle(), x.handle(), key, signer}) {
            tpm.apply(TpmCommands.flushContext(h));
        }
        return out;
    }

    /**
     * TPM2_Hash of some data, the data encrypted with the session and the digest returned
     * encrypted: 1 when the response HMAC checks and the digest decrypts to H(data). The command
     * HMAC covers the encrypted parameter (Part 1, 21.1), or wrongly the plaintext.
     */
    private static int hashThrough(UnaryOperator<byte[]> tpm, ClientSession s, boolean hmacOverPlaintext) {
        byte[] data = "salted with ECDH".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] params = new TpmWriter(64).tpm2b(data).u16(TpmAlgId.SHA256.value()).u32(TpmRh.OWNER.value())
                .toByteArray();
        s.nextNonceCaller();
        byte[] sent = params.clone();
        s.encryptCommand(s.cipherKey(null), sent, 2, data.length);
        byte[] cp = s.cpHash(TpmCc.HASH.value(), new byte[0][], hmacOverPlaintext ? params : sent);
        byte[] hmac = s.commandHmac(s.key(0, null), cp, null, null, BOTH);
        byte[] r = tpm.apply(CommandBuilder.of(TpmCc.HASH).auth(s.auth(BOTH, hmac)).bytes(sent).build());
        if (TpmWire.responseCode(r) != 0) {
            return TpmWire.responseCode(r);
        }
        ResponseAuth auth = ResponseAuth.parse(r, 0).get(0);
        s.nonceTpm(auth.nonceTpm());
        byte[] rp = ResponseAuth.parameters(r, 0);
        boolean hmacOk = Arrays.equals(auth.hmac(),
                s.responseHmac(s.key(0, null), s.rpHash(0, TpmCc.HASH.value(), rp), auth.attributes()));
        s.decryptResponse(s.cipherKey(null), rp, 2, TpmWire.u16(rp, 0));
        byte[] digest = new TpmReader(rp, 0, rp.length).tpm2b(64);
        return hmacOk && Arrays.equals(digest, HashAlgorithm.SHA256.digest(data)) ? 1 : 0;
    }

    private static byte[] start(int tpmKey, byte[] nonceCaller, byte[] encryptedSalt) {
        return start(tpmKey, nonceCaller, encryptedSalt, AES_128_CFB);
    }

    /** StartAuthSession of an HMAC SHA-256 session with the marshalled TPMT_SYM_DEF {@code symmetric}. */
    private static byte[] start(int tpmKey, byte[] nonceCaller, byte[] encryptedSalt, byte[] symmetric) {
        return CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(tpmKey).handle(TpmRh.NULL)
                .tpm2b(nonceCaller).tpm2b(encryptedSalt).u8(0).bytes(symmetric).u16(TpmAlgId.SHA256.value())
                .build();
    }

    private static int rc(UnaryOperator<byte[]> tpm, byte[] command) {
        byte[] r = tpm.apply(command);
        int code = TpmWire.responseCode(r);
        if (code == 0) {
            tpm.apply(TpmCommands.flushContext(TpmWire.u32(r, TpmWire.HEADER_SIZE)));
        }
        return code;
    }

    private static byte[] point(byte[] x, byte[] y) {
        return new TpmWriter(72).tpm2b(x).tpm2b(y).toByteArray();
    }

    /** (x, y) of the ECC storage key in a CreatePrimary response. */
    private static byte[][] publicPoint(byte[] r) {
        TpmReader in = new TpmReader(r, TpmWire.HEADER_SIZE + 8, r.length - TpmWire.HEADER_SIZE - 8);
        in.u16();
        in.skip(2 + 2 + 4);
        in.tpm2b(64);
        in.skip(6 + 2 + 2 + 2);
        return new byte[][] {in.tpm2b(66), in.tpm2b(66)};
    }
}
