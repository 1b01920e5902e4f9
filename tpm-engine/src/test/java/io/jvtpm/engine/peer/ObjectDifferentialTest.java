package io.jvtpm.engine.peer;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmaSession;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Object commands whose results are fully determined by their inputs, run on the engine and on
 * libtpms in-process, byte for byte (TPM 2.0 Library Part 3, 12.3 LoadExternal, 12.4
 * ReadPublic, 20.2 Sign with RSASSA, 15.5 HMAC, 14.2 RSA_Encrypt without padding): Names, public
 * areas, deterministic signatures and MACs, the response codes of malformed objects, and (Part 3,
 * 14.9) ECC_Parameters for each implemented curve and for unknown curves.
 */
@Tag("peer")
class ObjectDifferentialTest {

    private static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] r = new byte[len];
        int n = Math.min(b.length, len);
        System.arraycopy(b, b.length - n, r, len - n, n);
        return r;
    }

    /** The empty password with continueSession, as tpm2-tools sends it. */
    private static final AuthCommand PASSWORD = new AuthCommand(TpmRh.RS_PW.value(), new byte[0],
            TpmaSession.CONTINUE_SESSION, new byte[0]);

    private static byte[] command(int cc, int[] handles, boolean pw, byte[] params) {
        CommandBuilder b = CommandBuilder.of(cc);
        for (int h : handles) {
            b.handle(h);
        }
        if (pw) {
            b.auth(PASSWORD);
        }
        return b.bytes(params).build();
    }

    @Test
    void deterministicObjectResultsMatchLibtpms() throws Exception {
        LibTpms.require();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        var kp = g.generateKeyPair();
        RSAPublicKey pk = (RSAPublicKey) kp.getPublic();
        RSAPrivateCrtKey sk = (RSAPrivateCrtKey) kp.getPrivate();
        TpmWriter pub = new TpmWriter(512);
        pub.u16(0x0001).u16(0x000B).u32(0x00040040).u16(0);
        pub.u16(0x0010).u16(0x0014).u16(0x000B).u16(2048).u32(0);
        pub.tpm2b(unsigned(pk.getModulus(), 256));
        TpmWriter sens = new TpmWriter(512);
        sens.u16(0x0001).u16(0).u16(0).tpm2b(unsigned(sk.getPrimeP(), 128));
        TpmWriter le = new TpmWriter(1024);
        le.tpm2b(sens.toByteArray()).tpm2b(pub.toByteArray()).u32(0x40000007);

        TpmWriter pubOnly = new TpmWriter(512);
        pubOnly.u16(0).tpm2b(pub.toByteArray()).u32(0x40000001);

        byte[] digest = MessageDigest.getInstance("SHA-256").digest("differential".getBytes());
        TpmWriter sign = new TpmWriter(128);
        sign.tpm2b(digest).u16(0x0010).u16(0x8024).u32(0x40000007).u16(0);

        TpmWriter hmacPub = new TpmWriter(128);
        hmacPub.u16(0x0008).u16(0x000B).u32(0x00040040).u16(0).u16(0x0005).u16(0x000B);
        byte[] hmacKey = "0123456789abcdef0123456789abcdef".getBytes();
        byte[] seed = new byte[32];
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(seed);
        hmacPub.tpm2b(md.digest(hmacKey));
        TpmWriter hmacSens = new TpmWriter(128);
        hmacSens.u16(0x0008).u16(0).tpm2b(seed).tpm2b(hmacKey);
        TpmWriter leHmac = new TpmWriter(512);
        leHmac.tpm2b(hmacSens.toByteArray()).tpm2b(hmacPub.toByteArray()).u32(0x40000007);
        TpmWriter hmac = new TpmWriter(64);
        hmac.tpm2b("some data".getBytes()).u16(0x0010);

        byte[] corruptSens = sens.toByteArray();
        corruptSens[corruptSens.length - 1] ^= 1;
        TpmWriter leBad = new TpmWriter(1024);
        leBad.tpm2b(corruptSens).tpm2b(pub.toByteArray()).u32(0x40000007);

        byte[][] script = {
            TpmCommands.startup(TpmSu.CLEAR),
            TpmCommands.selfTest(true),
            command(0x167, new int[0], false, le.toByteArray()),
            command(0x173, new int[] {0x80000000}, false, new byte[0]),
            command(0x15D, new int[] {0x80000000}, true, sign.toByteArray()),
            command(0x167, new int[0], false, pubOnly.toByteArray()),
            command(0x173, new int[] {0x80000001}, false, new byte[0]),
            command(0x167, new int[0], false, leHmac.toByteArray()),
            command(0x155, new int[] {0x80000002}, true, hmac.toByteArray()),
            command(0x167, new int[0], false, leBad.toByteArray()),
            command(0x165, new int[0], false, new byte[] {(byte) 0x80, 0, 0, 0}),
            command(0x167, new int[0], false, leBad.toByteArray()),
        };
        try (LibTpms peer = LibTpms.start()) {
            InProcessBackend engine = InProcessBackend.inMemory(11);
            engine.init();
            for (byte[] c : script) {
                // the first DA-protected authorization of a cycle is TPM_RC_RETRY on both; resend as a TSS does
                String expected = hex(io.jvtpm.engine.TpmTestSupport.untilNotRetry(peer::process, c));
                String actual = hex(io.jvtpm.engine.TpmTestSupport.untilNotRetry(cmd -> engine.execute(0, cmd), c));
                assertEquals(expected, actual, "command " + hex(c));
            }
        }
    }


    @Test
    void eccParametersMatchLibtpms() throws Exception {
        LibTpms.require();
        try (LibTpms peer = LibTpms.start()) {
            InProcessBackend engine = InProcessBackend.inMemory(12);
            engine.init();
            List<byte[]> commands = new ArrayList<>();
            commands.add(TpmCommands.startup(TpmSu.CLEAR));
            for (int curve : new int[] {0x0003, 0x0004, 0x0005, 0x0010, 0x0040, 0x7777}) {
                commands.add(CommandBuilder.of(TpmCc.ECC_PARAMETERS).u16(curve).build());
            }
            commands.add(CommandBuilder.of(TpmCc.ECC_PARAMETERS).build());
            for (byte[] cmd : commands) {
                assertEquals(hex(peer.process(cmd)), hex(engine.execute(0, cmd)), "command " + hex(cmd));
            }
        }
    }
}
