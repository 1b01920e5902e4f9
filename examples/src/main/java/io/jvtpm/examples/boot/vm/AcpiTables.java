package io.jvtpm.examples.boot.vm;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.acpi.table.AcpiImage;
import io.jvtpm.acpi.table.AcpiTableSet;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.Facs;
import io.jvtpm.acpi.table.Fadt;
import io.jvtpm.acpi.table.FadtFlag;
import io.jvtpm.acpi.table.GenericAddress;
import io.jvtpm.acpi.table.Madt;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.acpi.table.SystemDescriptionTable;
import io.jvtpm.acpi.table.Tpm2Table;
import io.jvtpm.crb.CrbDevice;
import io.jvtpm.crb.acpi.CrbAcpi;
import io.jvtpm.examples.boot.PpiMode;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.legacy.AcpiPm1Block;
import io.jvtpm.examples.boot.legacy.AcpiPmTimer;
import io.jvtpm.examples.boot.legacy.ResetControl;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.aml.PpiAml;
import io.jvtpm.tis.acpi.TisAcpi;

import java.util.ArrayList;
import java.util.List;

/**
 * The ACPI tables of a jvtpm guest (ACPI 6.5 section 5.2; TCG ACPI Specification 1.3 for TPM2):
 * FACS, DSDT (the TPM device with its PPI _DSM under \_SB, and \_S5), FADT (PM1a blocks at
 * 0x600/0x604, PM timer 0x608 with TMR_VAL_EXT, reset register 0xCF9 = 0x06, SCI 9, no SMI_CMD
 * since SCI_EN is hardwired), MADT (one local APIC per vCPU, the I/O APIC) and, with a TPM,
 * TPM2 pointing at the event log area.
 */
public final class AcpiTables {

    /** The \_S5 sleep type the DSDT announces and {@link AcpiPm1Block} acts on. */
    public static final int S5_SLEEP_TYPE = 0;
    public static final int SCI_IRQ = 9;
    public static final int RESET_VALUE = 0x06;
    public static final int RTC_CENTURY = 0x32;

    private AcpiTables() {
    }

    /** Builds and lays out the tables at {@code layout.acpiTablesAddress()}. */
    public static AcpiImage build(GuestMemoryLayout layout, int cpus, TpmInterface tpm, PpiMode ppi) {
        OemIds oem = OemIds.JVTPM;
        List<Aml> sb = new ArrayList<>();
        if (tpm != TpmInterface.NONE) {
            List<Aml> ppiTerms = PpiAml.deviceTerms(ppi == PpiMode.SMI ? PpiTransport.SMI : PpiTransport.MEMORY);
            sb.add(tpm == TpmInterface.TIS
                    ? TisAcpi.device("TPM", 0, ppiTerms)
                    : CrbAcpi.device(CrbDevice.BASE_ADDRESS, ppiTerms));
        }
        List<Aml> dsdtTerms = new ArrayList<>();
        if (!sb.isEmpty()) {
            dsdtTerms.add(Asl.scope("\\_SB", sb));
        }
        dsdtTerms.add(Asl.name("_S5", Asl.pkg(Asl.integer(S5_SLEEP_TYPE), Asl.integer(S5_SLEEP_TYPE),
                Asl.ZERO, Asl.ZERO)));
        AmlTable dsdt = AmlTable.dsdt(oem, dsdtTerms);

        Fadt fadt = Fadt.builder(oem)
                .sciInterrupt(SCI_IRQ)
                .smiCommand(0, 0, 0)
                .pm1a(AcpiPm1Block.DEFAULT_BASE, AcpiPm1Block.DEFAULT_BASE + AcpiPm1Block.PM1_CNT)
                .pmTimer(AcpiPmTimer.DEFAULT_PORT)
                .gpe0(0, 0)
                .century(RTC_CENTURY)
                .iapcBootArch(Fadt.BOOT_ARCH_LEGACY_DEVICES | Fadt.BOOT_ARCH_VGA_NOT_PRESENT)
                .flag(FadtFlag.TMR_VAL_EXT)
                .resetRegister(GenericAddress.systemIo(ResetControl.PORT, 8), RESET_VALUE)
                .hypervisorVendor("JVTPM")
                .build();

        List<SystemDescriptionTable> others = new ArrayList<>();
        others.add(Madt.pcGuest(oem, cpus));
        if (tpm == TpmInterface.TIS) {
            others.add(Tpm2Table.tis(oem, layout.eventLogSize(), layout.eventLogAddress()));
        } else if (tpm == TpmInterface.CRB) {
            others.add(Tpm2Table.crb(oem, CrbAcpi.controlAreaAddress(CrbDevice.BASE_ADDRESS),
                    layout.eventLogSize(), layout.eventLogAddress()));
        }
        AcpiImage image = new AcpiTableSet(oem, Facs.standard(), dsdt, fadt, others).layout(layout.acpiTablesAddress());
        if (image.end() > layout.acpiTablesAddress() + layout.acpiTablesSize()) {
            throw new IllegalStateException("ACPI tables need " + (image.end() - layout.acpiTablesAddress())
                    + " bytes; the layout reserves " + layout.acpiTablesSize());
        }
        return image;
    }

    /** Where the RSDP goes: the BIOS area Linux scans, also given in boot_params.acpi_rsdp_addr. */
    public static long rsdpAddress() {
        return GuestMemoryLayout.RSDP_ADDRESS;
    }
}
