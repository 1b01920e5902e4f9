package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWriter;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What GetCapability reports of the ECC schemes and curves is true (TPM 2.0 Library Part 3, 30.2
 * TPM_CAP_ECC_CURVES and TPM_CAP_ALGS): on every reported curve a primary signing key is made and
 * signs with ECDSA and EC-Schnorr, which VerifySignature accepts, and an ECDAA key signs once per
 * TPM2_Commit; the algorithms list names the ECC schemes, CMAC and the modes the engine has and
 * none it lacks.
 */
class EccSchemesTest {
    private static final int SIGN_ATTRIBUTES = 0x00040472;

    private static List<Integer> reported(InProcessBackend tpm, TpmCap cap, int entrySize) {
        TpmResponse r = TpmResponse.parse(tpm.execute(0, TpmCommands.getCapability(cap, 0, 256)));
        assertEquals(0, r.rc());
        return r.read(0, rd -> {
            rd.u8();
            rd.u32();
            int n = rd.u32();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(rd.u16());
                rd.skip(entrySize - 2);
            }
            return ids;
        });
    }

    private static int primary(InProcessBackend tpm, int curve, int scheme) {
        TpmWriter t = new TpmWriter(128);
        t.u16(0x0023).u16(0x000B).u32(SIGN_ATTRIBUTES).u16(0).u16(0x0010).u16(scheme);
        if (scheme != 0x0010) {
            t.u16(0x000B);
            if (scheme == 0x001A) {
                t.u16(0);
            }
        }
        t.u16(curve).u16(0x0010).u16(0).u16(0);
        byte[] r = TpmTestSupport.ok(tpm, TpmCommands.createPrimary(TpmRh.NULL, new byte[0], t.toByteArray()));
        return TpmResponse.parse(r).handle(0);
    }

    private static TpmResponse sign(InProcessBackend tpm, int key, byte[] digest, int scheme, int count) {
        CommandBuilder c = CommandBuilder.of(TpmCc.SIGN).handle(key).emptyPassword().tpm2b(digest).u16(scheme)
                .u16(0x000B);
        if (scheme == 0x001A) {
            c.u16(count);
        }
        return TpmResponse.parse(tpm.execute(0, c.u16(0x8024).u32(TpmRh.NULL.value()).u16(0).build()));
    }

    @Test
    void reportedCurvesAndSchemesWork() throws Exception {
        try (InProcessBackend tpm = TpmTestSupport.started(5)) {
            List<Integer> curves = reported(tpm, TpmCap.ECC_CURVES, 2);
            assertEquals(List.of(0x0003, 0x0004, 0x0005, 0x0010), curves);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest("curves".getBytes());
            for (int curve : curves) {
                int key = primary(tpm, curve, 0x0010);
                for (int scheme : new int[] {0x0018, 0x001C}) {
                    TpmResponse s = sign(tpm, key, digest, scheme, 0);
                    assertEquals(0, s.rc(), () -> "curve " + curve + " scheme " + scheme + ": " + hex(s.bytes()));
                    byte[] signature = s.read(0, rd -> rd.bytes(rd.remaining()));
                    byte[] v = CommandBuilder.of(TpmCc.VERIFY_SIGNATURE).handle(key).tpm2b(digest).bytes(signature)
                            .build();
                    assertEquals(0, rc(tpm.execute(0, v)), "curve " + curve + " scheme " + scheme);
                }
                TpmTestSupport.ok(tpm, TpmCommands.flushContext(key));
                int daa = primary(tpm, curve, 0x001A);
                byte[] commit = CommandBuilder.of(TpmCc.COMMIT).handle(daa).emptyPassword().u16(4).u16(0).u16(0)
                        .u16(0).u16(0).build();
                int counter = TpmResponse.parse(TpmTestSupport.ok(tpm, commit)).read(0, rd -> {
                    for (int i = 0; i < 3; i++) {
                        rd.skip(rd.u16());
                    }
                    return rd.u16();
                });
                assertEquals(0, sign(tpm, daa, digest, 0x001A, counter).rc(), "ECDAA on curve " + curve);
                assertEquals(TpmRc.VALUE.value(), sign(tpm, daa, digest, 0x001A, counter).rc(), "commitment reused");
                TpmTestSupport.ok(tpm, TpmCommands.flushContext(daa));
            }
            Set<Integer> algs = new HashSet<>(reported(tpm, TpmCap.ALGS, 6));
            for (int alg : new int[] {0x0018, 0x0019, 0x001A, 0x001C, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044}) {
                assertTrue(algs.contains(alg), "reports " + Integer.toHexString(alg));
            }
            for (int alg : new int[] {0x001B, 0x001D, 0x0003, 0x0026}) {
                assertFalse(algs.contains(alg), "does not report " + Integer.toHexString(alg));
            }
        }
    }
}
