package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.MalformedResponseException;
import io.jvtpm.engine.wire.TaggedProperty;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON text of CMD_GET_INFO (SWTPM_INFO_TPMSPECIFICATION, SWTPM_INFO_TPMATTRIBUTES), read
 * from the TPM itself with TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) (TPM 2.0 Library Part 3,
 * section 30.2) and kept once read.
 */
final class TpmInfoSource {
    private final ManagedTpm tpm;
    private volatile Properties cached;

    /** The TPM's identity properties. */
    record Properties(String family, int level, int revision, int manufacturer, int firmwareVersion1) {
    }

    TpmInfoSource(ManagedTpm tpm) {
        this.tpm = tpm;
    }

    /** The info text for {@code flags}, or null when the TPM cannot tell (not started, never asked). */
    String info(long flags) {
        Properties p = properties();
        if (p == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if ((flags & PtmInfoFlag.TPM_SPECIFICATION.bit()) != 0) {
            parts.add("\"TPMSpecification\":{\"family\":\"" + p.family() + "\",\"level\":" + p.level()
                    + ",\"revision\":" + p.revision() + "}");
        }
        if ((flags & PtmInfoFlag.TPM_ATTRIBUTES.bit()) != 0) {
            parts.add("\"TPMAttributes\":{\"manufacturer\":\"" + String.format("id:%08X", p.manufacturer())
                    + "\",\"version\":\"" + String.format("id:%08X", p.firmwareVersion1())
                    + "\",\"model\":\"jvtpm\"}");
        }
        return "{" + String.join(",", parts) + "}";
    }

    private Properties properties() {
        Properties p = cached;
        if (p != null || !tpm.isRunning()) {
            return p;
        }
        int first = TpmPt.FAMILY_INDICATOR.value();
        byte[] cmd = TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, first,
                TpmPt.FIRMWARE_VERSION_1.value() - first + 1);
        byte[] rsp;
        try {
            rsp = tpm.execute(0, cmd);
        } catch (RuntimeException e) {
            return null;
        }
        p = parse(rsp);
        cached = p;
        return p;
    }

    /** Parses a TPM2_GetCapability(TPM_PROPERTIES) response; null unless it succeeded. */
    static Properties parse(byte[] rsp) {
        List<TaggedProperty> properties;
        try {
            TpmResponse response = TpmResponse.parse(rsp);
            if (!response.ok()) {
                return null;
            }
            properties = response.tpmProperties();
        } catch (MalformedResponseException e) {
            return null;
        }
        String family = null;
        int level = 0;
        int revision = 0;
        int manufacturer = 0;
        int fw1 = 0;
        for (TaggedProperty tp : properties) {
            int value = tp.value();
            if (tp.is(TpmPt.FAMILY_INDICATOR)) {
                family = familyText(value);
            } else if (tp.is(TpmPt.LEVEL)) {
                level = value;
            } else if (tp.is(TpmPt.REVISION)) {
                revision = value;
            } else if (tp.is(TpmPt.MANUFACTURER)) {
                manufacturer = value;
            } else if (tp.is(TpmPt.FIRMWARE_VERSION_1)) {
                fw1 = value;
            }
        }
        if (family == null) {
            return null;
        }
        return new Properties(family, level, revision, manufacturer, fw1);
    }

    private static String familyText(int value) {
        StringBuilder sb = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (value >>> shift) & 0xff;
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
