package io.jvtpm.ppi.aml;

import static io.jvtpm.acpi.aml.Asl.device;
import static io.jvtpm.acpi.aml.Asl.integer;
import static io.jvtpm.acpi.aml.Asl.name;
import static io.jvtpm.acpi.aml.Asl.scope;
import static io.jvtpm.acpi.aml.Asl.string;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import java.util.ArrayList;
import java.util.List;

/** A minimal DSDT (ACPI 6.5 section 5.2.11.1) around {@code Scope(\_SB) { Device(TPM) {...} }}. */
final class TestDsdt {
    private TestDsdt() {
    }

    /** The DSDT with {@code Device(TPM)} holding _HID, _STA and {@code deviceTerms}, plus {@code extra}. */
    static byte[] withTpm(List<Aml> deviceTerms, List<Aml> extra) {
        List<Aml> dev = new ArrayList<>();
        dev.add(name("_HID", string("MSFT0101")));
        dev.add(name("_STA", integer(0x0F)));
        dev.addAll(deviceTerms);
        List<Aml> body = new ArrayList<>();
        body.add(scope("\\_SB", device("TPM", dev)));
        body.addAll(extra);
        return AmlTable.dsdt(OemIds.JVTPM, body).toBytes();
    }
}
