package io.jvtpm.examples.setup;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TaggedProperty;
import io.jvtpm.engine.wire.TpmaNv;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * swtpm_setup's TPM 2.0 flow on a running, started TPM, through its command interface with the
 * platform hierarchy's empty password: CreatePrimary of each EK and EvictControl to its handle,
 * the certificates written with NV_DefineSpace/NV_Write (and NV_WriteLock) under the attributes
 * swtpm_setup gives them, PCR_Allocate of the banks asked for.
 */
public final class Provisioner {
    /** The platform certificate's NV index (TCG PC Client Platform TPM Profile, NV index 0x01C08000). */
    public static final int PLATFORM_CERT_INDEX = 0x01C08000;
    /** swtpm_setup's attributes of the certificate indices; WRITEDEFINE makes NV_WriteLock permanent. */
    public static final int CERT_INDEX_ATTRIBUTES = TpmaNv.PLATFORMCREATE | TpmaNv.AUTHREAD | TpmaNv.OWNERREAD
            | TpmaNv.PPREAD | TpmaNv.PPWRITE | TpmaNv.NO_DA | TpmaNv.WRITEDEFINE;
    /** The largest NV_Write chunk (below the TPM's MAX_NV_BUFFER_SIZE). */
    private static final int WRITE_CHUNK = 1024;

    private final ManagedTpm tpm;
    private final Consumer<String> log;

    /** Provisions {@code tpm} (powered on and started), reporting each step to {@code log}. */
    public Provisioner(ManagedTpm tpm, Consumer<String> log) {
        this.tpm = tpm;
        this.log = log;
    }

    /** A TPM command that failed; the message names the command and the response code. */
    public static final class ProvisioningException extends Exception {
        public ProvisioningException(String message) {
            super(message);
        }
    }

    /** Creates the EK of {@code type}, persists it at its handle and returns its public key. */
    public PublicKey createEk(EkType type) throws ProvisioningException {
        TpmResponse r = send("TPM2_CreatePrimary(" + type.label() + " EK)",
                TpmCommands.createPrimary(TpmRh.ENDORSEMENT, new byte[0], type.template()));
        int handle = r.handle(0);
        byte[] outPublic = r.read(1, rd -> rd.tpm2b(rd.remaining()));
        send("TPM2_EvictControl(" + type.label() + " EK)", CommandBuilder.of(TpmCc.EVICT_CONTROL)
                .handle(TpmRh.OWNER).handle(handle).emptyPassword().u32(type.persistentHandle()).build());
        send("TPM2_FlushContext", TpmCommands.flushContext(handle));
        log.accept(String.format("Successfully created %s EK with handle 0x%08x.", type.label(),
                type.persistentHandle()));
        return publicKey(outPublic);
    }

    /** Writes {@code data} into a new index {@code nvIndex} with swtpm_setup's attributes; locks it if asked. */
    public void writeCertificate(int nvIndex, byte[] data, boolean lock, String what) throws ProvisioningException {
        NvPublic pub = new NvPublic(nvIndex, TpmAlgId.SHA256.value(), CERT_INDEX_ATTRIBUTES, new byte[0], data.length);
        AuthCommand platform = AuthCommand.emptyPassword();
        send("TPM2_NV_DefineSpace(" + what + ")", TpmNvCommands.defineSpace(TpmRh.PLATFORM, platform, new byte[0], pub));
        for (int off = 0; off < data.length; off += WRITE_CHUNK) {
            byte[] chunk = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + WRITE_CHUNK));
            send("TPM2_NV_Write(" + what + ")",
                    TpmNvCommands.write(TpmRh.PLATFORM.value(), nvIndex, platform, chunk, off));
        }
        if (lock) {
            send("TPM2_NV_WriteLock(" + what + ")", TpmNvCommands.writeLock(TpmRh.PLATFORM.value(), nvIndex, platform));
        }
        log.accept(String.format("Successfully created NVRAM area 0x%08x for %s.", nvIndex, what));
    }

    /**
     * PCR_Allocate leaving {@code banks} active with every PCR and the TPM's other banks empty;
     * the allocation takes effect at the next TPM2_Startup after _TPM_Init. Returns the banks
     * the TPM has.
     */
    public List<HashAlgorithm> allocatePcrBanks(Set<HashAlgorithm> banks) throws ProvisioningException {
        List<PcrSelection> have = send("TPM2_GetCapability(PCRS)", TpmCommands.getCapabilityPcrs()).capabilityPcrs();
        List<HashAlgorithm> available = new ArrayList<>();
        List<PcrSelection> allocation = new ArrayList<>();
        for (PcrSelection s : have) {
            HashAlgorithm h = s.hash();
            if (h == null) {
                continue;
            }
            available.add(h);
            allocation.add(new PcrSelection(h, banks.contains(h) ? PcrSelection.ALL_PCRS : 0));
        }
        for (HashAlgorithm h : banks) {
            if (!available.contains(h)) {
                throw new ProvisioningException("the TPM has no " + h.name().toLowerCase(java.util.Locale.ROOT)
                        + " PCR bank (it has " + available + ")");
            }
        }
        send("TPM2_PCR_Allocate", TpmCommands.pcrAllocate(TpmRh.PLATFORM, allocation));
        log.accept("Successfully activated PCR banks " + names(banks) + " among " + names(available) + ".");
        return available;
    }

    /** The TPM's manufacturer (4 characters), model (vendor strings) and firmware version, as swtpm_localca names them. */
    public CertificateAuthority.TpmIdentity identity() throws ProvisioningException {
        List<TaggedProperty> props = send("TPM2_GetCapability(TPM_PROPERTIES)", TpmCommands.getCapability(
                TpmCap.TPM_PROPERTIES, TpmPt.MANUFACTURER.value(), 8)).tpmProperties();
        int manufacturer = 0;
        int firmware1 = 0;
        int firmware2 = 0;
        StringBuilder model = new StringBuilder();
        for (TaggedProperty p : props) {
            if (p.is(TpmPt.MANUFACTURER)) {
                manufacturer = p.value();
            } else if (p.is(TpmPt.VENDOR_STRING_1) || p.is(TpmPt.VENDOR_STRING_2)) {
                model.append(ascii(p.value()));
            } else if (p.is(TpmPt.FIRMWARE_VERSION_1)) {
                firmware1 = p.value();
            } else if (p.is(TpmPt.FIRMWARE_VERSION_2)) {
                firmware2 = p.value();
            }
        }
        return new CertificateAuthority.TpmIdentity(String.format("id:%08X", manufacturer),
                model.toString().isBlank() ? "jvtpm" : model.toString().trim(),
                String.format("id:%08X%08X", firmware1, firmware2));
    }

    private static String ascii(int v) {
        byte[] b = BigInteger.valueOf(v & 0xFFFFFFFFL).toByteArray();
        StringBuilder s = new StringBuilder();
        for (byte c : b) {
            if (c >= 0x20 && c < 0x7F) {
                s.append((char) c);
            }
        }
        return new String(s.toString().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }

    private static String names(Iterable<HashAlgorithm> banks) {
        List<String> n = new ArrayList<>();
        banks.forEach(h -> n.add(h.name().toLowerCase(java.util.Locale.ROOT)));
        return String.join(",", n);
    }

    /** Sends {@code command}; a response code other than success is an exception naming {@code what}. */
    TpmResponse send(String what, byte[] command) throws ProvisioningException {
        TpmResponse r = TpmResponse.parse(tpm.execute(0, command));
        if (!r.ok()) {
            throw new ProvisioningException(String.format("%s failed: TPM_RC 0x%03x", what, r.rc()));
        }
        return r;
    }

    /** The JCA public key of a marshalled TPMT_PUBLIC of an RSA or ECC NIST P-384 key. */
    static PublicKey publicKey(byte[] tpmtPublic) throws ProvisioningException {
        TpmReader r = new TpmReader(tpmtPublic, 0, tpmtPublic.length);
        int type = r.u16();
        r.u16(); // nameAlg
        r.u32(); // objectAttributes
        r.tpm2b(r.remaining()); // authPolicy
        int sym = r.u16();
        if (sym != TpmAlgId.NULL.value()) {
            r.u16();
            r.u16();
        }
        int scheme = r.u16();
        if (scheme != TpmAlgId.NULL.value()) {
            r.u16();
        }
        try {
            if (type == TpmAlgId.RSA.value()) {
                r.u16(); // keyBits
                int exponent = r.u32();
                byte[] n = r.tpm2b(r.remaining());
                BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent & 0xFFFFFFFFL);
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, n), e));
            }
            if (type == TpmAlgId.ECC.value()) {
                r.u16(); // curveID (the template's P-384)
                if (r.u16() != TpmAlgId.NULL.value()) {
                    r.u16();
                }
                byte[] x = r.tpm2b(r.remaining());
                byte[] y = r.tpm2b(r.remaining());
                java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp384r1"));
                ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                        new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
            }
        } catch (GeneralSecurityException e) {
            throw new ProvisioningException("the EK's public area is not a usable key: " + e.getMessage());
        }
        throw new ProvisioningException("the EK's public area has type 0x" + Integer.toHexString(type));
    }
}
