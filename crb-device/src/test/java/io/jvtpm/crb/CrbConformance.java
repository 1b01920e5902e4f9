package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One script of TPM commands sent through the CRB interface by {@link CrbGuestDriver} at several
 * localities, reduced to what any correct TPM answers the same way (response codes, PCR digests,
 * hash values, sizes), so that two TPMs behind the device can be compared.
 */
final class CrbConformance {

    /** One step's outcome: its name, the response code and the deterministic part of the response. */
    record Outcome(String step, int rc, String value) {
    }

    private CrbConformance() {
    }

    /** A GetRandom header whose tag, 0x1234, is neither TPM_ST_NO_SESSIONS nor TPM_ST_SESSIONS. */
    private static final byte[] BAD_TAG = HexFormat.of().parseHex("12340000000a0000017b");

    static final byte[] EXTEND_DIGEST = sha256("jvtpm crb".getBytes(StandardCharsets.US_ASCII));

    static List<Outcome> run(CrbDevice dev) {
        List<Outcome> out = new ArrayList<>();
        step(out, dev, "PCR_Read sha256 PCR0", 0, TpmCommands.pcrRead(HashAlgorithm.SHA256, 0), CrbConformance::lastDigest);
        step(out, dev, "PCR_Extend PCR16", 0, extend(16), r -> "");
        step(out, dev, "PCR_Read sha256 PCR16", 1, TpmCommands.pcrRead(HashAlgorithm.SHA256, 16), CrbConformance::lastDigest);
        step(out, dev, "GetRandom 32", 2, TpmCommands.getRandom(32), r -> "size " + TpmResponse.parse(r).randomBytes().length);
        byte[] hashAbc = CommandBuilder.of(TpmCc.HASH).tpm2b("abc".getBytes(StandardCharsets.US_ASCII))
                .u16(HashAlgorithm.SHA256.id()).u32(TpmRh.OWNER.value()).build();
        step(out, dev, "Hash abc", 0, hashAbc, r -> HexFormat.of().formatHex(
                TpmResponse.parse(r).read(0, params -> params.tpm2b(HashAlgorithm.MAX_DIGEST))));
        // libtpms answers a bad tag with TPM_RC_VALUE rather than TPM_RC_BAD_TAG: only "an error" is common ground
        byte[] bad = new CrbGuestDriver(dev, 0).transact(BAD_TAG);
        out.add(new Outcome("bad tag", TpmWire.responseCode(bad) == 0 ? 0 : -1, "size " + bad.length));
        step(out, dev, "unknown command", 3, CommandBuilder.of(0x0FFF).build(), r -> "size " + r.length);
        step(out, dev, "Startup again", 0, TpmCommands.startup(TpmSu.CLEAR), r -> "size " + r.length);
        step(out, dev, "PCR_Extend PCR17 at locality 0", 0, extend(17), r -> "");
        step(out, dev, "PCR_Extend PCR23 at locality 3", 3, extend(23), r -> "");
        step(out, dev, "PCR_Read sha256 PCR23", 3, TpmCommands.pcrRead(HashAlgorithm.SHA256, 23), CrbConformance::lastDigest);
        step(out, dev, "SelfTest full", 0, TpmCommands.selfTest(true), r -> "size " + r.length);
        return out;
    }

    /** PCR_Extend of {@code pcr} with {@link #EXTEND_DIGEST} in the SHA-256 bank. */
    private static byte[] extend(int pcr) {
        return TpmCommands.pcrExtend(pcr, List.of(new TaggedHash(HashAlgorithm.SHA256, EXTEND_DIGEST)));
    }

    /** The PCR value the TPM must show after one extend of {@link #EXTEND_DIGEST} from zero. */
    static String extendedOnce() {
        byte[] both = new byte[64];
        System.arraycopy(EXTEND_DIGEST, 0, both, 32, 32);
        return HexFormat.of().formatHex(sha256(both));
    }

    private static void step(List<Outcome> out, CrbDevice dev, String name, int locality, byte[] cmd,
                             java.util.function.Function<byte[], String> value) {
        byte[] rsp = new CrbGuestDriver(dev, locality).transact(cmd);
        int rc = TpmWire.responseCode(rsp);
        out.add(new Outcome(name, rc, rc == 0 ? value.apply(rsp) : ""));
    }

    /** The one SHA-256 digest a PCR_Read response carries. */
    private static String lastDigest(byte[] rsp) {
        return HexFormat.of().formatHex(TpmResponse.parse(rsp).pcrRead().values().get(0));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts what every correct TPM answers to {@link #run}: the PCR values, hash and random
     * sizes, and the error codes (TPM_RC_COMMAND_CODE, TPM_RC_INITIALIZE, TPM_RC_LOCALITY; for a
     * bad tag only a header-sized error, since libtpms answers TPM_RC_VALUE there).
     */
    static void assertConforms(List<Outcome> got) {
        assertEquals(0, rcOf(got, "PCR_Read sha256 PCR0"));
        assertEquals("00".repeat(32), valueOf(got, "PCR_Read sha256 PCR0"));
        assertEquals(extendedOnce(), valueOf(got, "PCR_Read sha256 PCR16"));
        assertEquals("size 32", valueOf(got, "GetRandom 32"));
        assertEquals(HexFormat.of().formatHex(sha256("abc".getBytes(StandardCharsets.US_ASCII))), valueOf(got, "Hash abc"));
        assertEquals(-1, rcOf(got, "bad tag"), "an error response");
        assertEquals("size 10", valueOf(got, "bad tag"));
        assertEquals(0x143, rcOf(got, "unknown command"), "TPM_RC_COMMAND_CODE");
        assertEquals(0x100, rcOf(got, "Startup again"), "TPM_RC_INITIALIZE");
        assertEquals(0x907, rcOf(got, "PCR_Extend PCR17 at locality 0"), "TPM_RC_LOCALITY");
        assertEquals(extendedOnce(), valueOf(got, "PCR_Read sha256 PCR23"));
    }

    static int rcOf(List<Outcome> outcomes, String step) {
        return outcomes.stream().filter(o -> o.step().equals(step)).findFirst().orElseThrow().rc();
    }

    static String valueOf(List<Outcome> outcomes, String step) {
        return outcomes.stream().filter(o -> o.step().equals(step)).findFirst().orElseThrow().value();
    }
}
