package io.jvtpm.examples.setup;

import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmWriter;

import java.util.HexFormat;

/**
 * The EKs jvtpm setup creates, with the templates of the TCG EK Credential Profile for TPM Family
 * 2.0 (2.3+, B.3.3 template L-1 for RSA 2048 in the low range, B.4.5 template H-3 for ECC NIST
 * P-384 in the high range), their persistent handles and the NV indices of their certificates
 * (2.2.1.4), as swtpm_setup and tpm2_createek use them.
 */
public enum EkType {
    /** Template L-1: RSA 2048, SHA-256, AES-128-CFB, PolicyA, unique 256 zero bytes. */
    RSA_2048(0x81010001, 0x01C00002, "RSA 2048"),
    /** Template H-3: ECC NIST P-384, SHA-384, AES-256-CFB, PolicyB (SHA-384), unique empty. */
    ECC_NIST_P384(0x81010016, 0x01C00016, "ECC NIST P-384");

    /** PolicyA_SHA256 (EK profile B.6.2): PolicySecret(TPM_RH_ENDORSEMENT). */
    static final byte[] POLICY_A_SHA256 = HexFormat.of().parseHex(
            "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
    /** PolicyB_SHA384 (EK profile B.6.4): PolicyOR of PolicySecret(endorsement) and PolicyAuthorizeNV. */
    static final byte[] POLICY_B_SHA384 = HexFormat.of().parseHex(
            "b26e7d28d11a50bc53d882bcf5fd3a1a074148bb35d3b4e4cb1c0ad9bde419ca"
            + "cb47ba09699646150f9fc000f3f80e12");
    /** TPMA_OBJECT fixedTPM|fixedParent|sensitiveDataOrigin|adminWithPolicy|restricted|decrypt. */
    private static final int LOW_ATTRIBUTES = 0x000300B2;
    /** The same with userWithAuth, as the high-range templates have. */
    private static final int HIGH_ATTRIBUTES = 0x000300F2;
    private static final int TPM_ECC_NIST_P384 = 0x0004;

    private final int persistentHandle;
    private final int certificateIndex;
    private final String label;

    EkType(int persistentHandle, int certificateIndex, String label) {
        this.persistentHandle = persistentHandle;
        this.certificateIndex = certificateIndex;
        this.label = label;
    }

    /** The persistent handle the EK is evicted to. */
    public int persistentHandle() {
        return persistentHandle;
    }

    /** The NV index of its certificate. */
    public int certificateIndex() {
        return certificateIndex;
    }

    /** A name for messages. */
    public String label() {
        return label;
    }

    /** The marshalled TPMT_PUBLIC template for TPM2_CreatePrimary in the endorsement hierarchy. */
    public byte[] template() {
        TpmWriter w = new TpmWriter(512);
        if (this == RSA_2048) {
            w.u16(TpmAlgId.RSA.value()).u16(TpmAlgId.SHA256.value()).u32(LOW_ATTRIBUTES).tpm2b(POLICY_A_SHA256)
                    .u16(TpmAlgId.AES.value()).u16(128).u16(TpmAlgId.CFB.value())
                    .u16(TpmAlgId.NULL.value()).u16(2048).u32(0)
                    .tpm2b(new byte[256]);
        } else {
            w.u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA384.value()).u32(HIGH_ATTRIBUTES).tpm2b(POLICY_B_SHA384)
                    .u16(TpmAlgId.AES.value()).u16(256).u16(TpmAlgId.CFB.value())
                    .u16(TpmAlgId.NULL.value()).u16(TPM_ECC_NIST_P384).u16(TpmAlgId.NULL.value())
                    .tpm2b(new byte[0]).tpm2b(new byte[0]);
        }
        return w.toByteArray();
    }
}
