package io.jvtpm.crb.acpi;

import static io.jvtpm.acpi.aml.Asl.ONE;
import static io.jvtpm.acpi.aml.Asl.integer;
import static io.jvtpm.acpi.aml.Asl.name;
import static io.jvtpm.acpi.aml.Asl.resourceTemplate;
import static io.jvtpm.acpi.aml.Asl.string;
import static io.jvtpm.acpi.aml.Asl.unicode;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.acpi.aml.Device;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import io.jvtpm.crb.CrbDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * How ACPI describes the CRB TPM (TCG ACPI Specification 1.3, section 8 "TPM2 table" and the
 * MSFT0101 device; ACPI 6.5 section 6.4.3.4 for the memory descriptor): the {@code Device (TPM)}
 * node of the DSDT and the facts the TPM2 table carries for start method 7.
 */
public final class CrbAcpi {

    /** The TPM2 table's Start Method for the Command Response Buffer interface. */
    public static final int START_METHOD_CRB = 7;
    /** Bytes of start-method-specific parameters in a revision 4 TPM2 table (all zero for CRB). */
    public static final int START_METHOD_PARAMETERS_SIZE = 12;
    /** The device's _HID. */
    public static final String HID = "MSFT0101";
    /**
     * The device's _STR text. ACPI 6.5 section 6.1.10 makes _STR a Unicode buffer; QEMU 7.2 writes a
     * plain String there, which iasl refuses to recompile, so ours is {@code Unicode("TPM 2.0 Device")}.
     */
    public static final String DESCRIPTION = "TPM 2.0 Device";

    private CrbAcpi() {
    }

    /** The TPM2 table's "Address of CRB Control Area" for a window at {@code base}. */
    public static long controlAreaAddress(long base) {
        return base + CrbDevice.CONTROL_AREA_OFFSET;
    }

    /**
     * {@code Device (TPM)} for a CRB window at {@code base}: _HID "MSFT0101", _STR "TPM 2.0 Device",
     * _CRS one Memory32Fixed over all five localities, _STA 0x0F, _UID 1, then {@code extra}
     * terms (the PPI's regions and _DSM, for instance), in QEMU's order.
     */
    public static Device device(long base, List<? extends Aml> extra) {
        List<Aml> terms = new ArrayList<>();
        terms.add(name("_HID", string(HID)));
        terms.add(name("_STR", unicode(DESCRIPTION)));
        terms.add(name("_CRS", resourceTemplate(new Memory32Fixed(true, base, CrbDevice.SIZE))));
        terms.add(name("_STA", integer(0x0F)));
        terms.add(name("_UID", ONE));
        terms.addAll(extra);
        return Asl.device("TPM", terms);
    }

    /** {@link #device(long, List)} at the profile's base with nothing more. */
    public static Device device() {
        return device(CrbDevice.BASE_ADDRESS, List.of());
    }
}
