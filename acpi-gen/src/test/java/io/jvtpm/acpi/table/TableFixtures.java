package io.jvtpm.acpi.table;

import static io.jvtpm.acpi.aml.Asl.*;

import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fixed set of tables for golden and peer tests. */
final class TableFixtures {

    private TableFixtures() {
    }

    static AmlTable dsdt() {
        return AmlTable.dsdt(OemIds.JVTPM, List.of(scope("\\_SB",
                device("TPM",
                        name("_HID", string("MSFT0101")),
                        name("_STR", unicode("TPM 2.0 Device")),
                        name("_UID", ONE),
                        name("_STA", integer(0x0F)),
                        name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000)))))));
    }

    static AcpiTableSet set(boolean hardwareReduced) {
        Fadt.Builder fadt = Fadt.builder(OemIds.JVTPM).hypervisorVendor("JVTPM");
        if (hardwareReduced) {
            fadt.hardwareReduced(GenericAddress.systemIo(0x604, 8, 1), GenericAddress.systemIo(0x600, 8, 1))
                    .resetRegister(GenericAddress.systemIo(0xCF9, 8, 1), 0x06);
        }
        return new AcpiTableSet(OemIds.JVTPM, Facs.standard(), dsdt(), fadt.build(), List.of(
                Madt.pcGuest(OemIds.JVTPM, 2),
                Tpm2Table.tis(OemIds.JVTPM, 0x10000, 0x1FFF0000L),
                Hpet.pcGuest(OemIds.JVTPM),
                new Mcfg(OemIds.JVTPM, List.of(new Mcfg.Allocation(0xB0000000L, 0, 0, 0xFF)))));
    }

    /** Every table of the standard set laid out at 0x1000000, by file name. */
    static Map<String, byte[]> all() {
        AcpiImage img = set(false).layout(0x1000000L);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("RSDP", img.rsdpBytes());
        for (PlacedTable t : img.tables()) {
            m.put(t.signature(), t.bytes());
        }
        m.put("FACP-hw-reduced", set(true).layout(0x1000000L).table("FACP").bytes());
        return m;
    }
}
