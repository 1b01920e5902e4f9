package io.jvtpm.engine.command;

import static io.jvtpm.engine.TpmTestSupport.hex;
import static io.jvtpm.engine.TpmTestSupport.rc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmCc;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * TPM2_ECC_Parameters (TPM 2.0 Library Part 3, 14.9): the TPMS_ALGORITHM_DETAIL_ECC of NIST P-256
 * equals the curve's published domain parameters (FIPS 186-4 D.1.2.3 / SEC 2 secp256r1), the
 * other implemented curves answer with their sizes, an unimplemented curve is TPM_RC_CURVE for
 * parameter 1, and GetCapability(TPM_CAP_COMMANDS) lists the command.
 */
class EccParametersTest {
    private static final String P = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
    private static final String A = "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc";
    private static final String B = "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b";
    private static final String GX = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    private static final String GY = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    private static final String N = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

    private static byte[] eccParameters(InProcessBackend tpm, int curve) {
        CommandBuilder c = CommandBuilder.of(TpmCc.ECC_PARAMETERS);
        c.u16(curve);
        return tpm.execute(0, c.build());
    }

    @Test
    void nistP256MatchesThePublishedDomainParameters() {
        InProcessBackend tpm = TpmTestSupport.started(3);
        byte[] r = eccParameters(tpm, 0x0003);
        assertEquals(0, rc(r), () -> hex(r));
        TpmReader rd = new TpmReader(r, 10, r.length - 10);
        assertEquals(0x0003, rd.u16());
        assertEquals(256, rd.u16());
        assertEquals(0x0020, rd.u16(), "kdf scheme KDF1_SP800_56A");
        assertEquals(0x000B, rd.u16(), "kdf hash SHA-256");
        assertEquals(0x0010, rd.u16(), "sign scheme NULL");
        HexFormat hf = HexFormat.of();
        for (String expected : new String[] {P, A, B, GX, GY, N}) {
            assertEquals(expected, hf.formatHex(rd.tpm2b(66)));
        }
        assertEquals("01", hf.formatHex(rd.tpm2b(66)), "cofactor");
        assertEquals(r.length, rd.position());
        BigInteger p = new BigInteger(P, 16);
        BigInteger gx = new BigInteger(GX, 16);
        BigInteger gy = new BigInteger(GY, 16);
        assertEquals(gy.modPow(BigInteger.TWO, p),
                gx.pow(3).add(new BigInteger(A, 16).multiply(gx)).add(new BigInteger(B, 16)).mod(p),
                "G lies on the curve");
        tpm.close();
    }

    @Test
    void largerCurvesAndUnknownCurves() {
        InProcessBackend tpm = TpmTestSupport.started(4);
        int[][] table = {{0x0004, 384, 0x000C, 48}, {0x0005, 521, 0x000D, 66}};
        for (int[] row : table) {
            byte[] r = eccParameters(tpm, row[0]);
            assertEquals(0, rc(r), () -> hex(r));
            TpmReader rd = new TpmReader(r, 10, r.length - 10);
            assertEquals(row[0], rd.u16());
            assertEquals(row[1], rd.u16());
            assertEquals(0x0020, rd.u16());
            assertEquals(row[2], rd.u16());
            assertEquals(0x0010, rd.u16());
            byte[] p = rd.tpm2b(66);
            assertEquals(row[3], p.length);
            assertEquals(row[1], new BigInteger(1, p).bitLength());
        }
        for (int bad : new int[] {0x0000, 0x0001, 0x0002, 0x0011, 0x0020, 0xFFFF}) {
            assertEquals(0x1E6, rc(eccParameters(tpm, bad)), "curve " + bad);
        }
        CommandBuilder cap = CommandBuilder.of(TpmCc.GET_CAPABILITY);
        cap.u32(2).u32(TpmCc.ECC_PARAMETERS.value()).u32(1);
        byte[] r = tpm.execute(0, cap.build());
        assertEquals(0, rc(r));
        TpmReader rd = new TpmReader(r, 10, r.length - 10);
        rd.u8();
        assertEquals(2, rd.u32());
        assertEquals(1, rd.u32());
        assertTrue((rd.u32() & 0xFFFF) == TpmCc.ECC_PARAMETERS.value(), "TPMA_CC of ECC_Parameters listed");
        tpm.close();
    }
}
