package io.jvtpm.engine.transport.ptm;

import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.wire.TpmWire;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON text of CMD_GET_INFO (SWTPM_INFO_TPMSPECIFICATION, SWTPM_INFO_TPMATTRIBUTES), read
 * from the TPM itself with TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) (TPM 2.0 Library Part 3,
 * section 30.2) and kept once read.
 */
final class TpmInfoSource {
    private static final int TPM_CAP_TPM_PROPERTIES = 6;
    private static final int PT_FAMILY_INDICATOR = 0x100;
    private static final int PT_LEVEL = 0x101;
    private static final int PT_REVISION = 0x102;
    private static final int PT_MANUFACTURER = 0x105;
    private static final int PT_FIRMWARE_VERSION_1 = 0x10B;
    private static final int TPM_CC_GET_CAPABILITY = 0x17A;

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
        byte[] cmd = new byte[22];
        TpmWire.putU16(cmd, 0, TpmWire.ST_NO_SESSIONS);
        TpmWire.putU32(cmd, 2, cmd.length);
        TpmWire.putU32(cmd, 6, TPM_CC_GET_CAPABILITY);
        TpmWire.putU32(cmd, 10, TPM_CAP_TPM_PROPERTIES);
        TpmWire.putU32(cmd, 14, PT_FAMILY_INDICATOR);
        TpmWire.putU32(cmd, 18, PT_FIRMWARE_VERSION_1 - PT_FAMILY_INDICATOR + 1);
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
        if (rsp.length < 19 || TpmWire.responseCode(rsp) != 0 || TpmWire.u32(rsp, 11) != TPM_CAP_TPM_PROPERTIES) {
            return null;
        }
        int count = TpmWire.u32(rsp, 15);
        String family = null;
        int level = 0;
        int revision = 0;
        int manufacturer = 0;
        int fw1 = 0;
        for (int i = 0, off = 19; i < count && off + 8 <= rsp.length; i++, off += 8) {
            int prop = TpmWire.u32(rsp, off);
            int value = TpmWire.u32(rsp, off + 4);
            switch (prop) {
                case PT_FAMILY_INDICATOR -> family = familyText(value);
                case PT_LEVEL -> level = value;
                case PT_REVISION -> revision = value;
                case PT_MANUFACTURER -> manufacturer = value;
                case PT_FIRMWARE_VERSION_1 -> fw1 = value;
                default -> {
                }
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
