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
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.AcpiArea;
import io.jvtpm.examples.boot.layout.GuestMemoryLayout;
import io.jvtpm.examples.boot.legacy.AcpiPm1Block;
import io.jvtpm.examples.boot.legacy.AcpiPmTimer;
import io.jvtpm.examples.boot.legacy.ResetControl;
import io.jvtpm.ppi.PpiDevice;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.aml.PpiAml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one builder of a jvtpm guest's ACPI tables (ACPI 6.5 section 5.2; TCG ACPI Specification 1.3
 * for TPM2), used by {@code jvtpm boot} for the tables it places in guest memory and by
 * {@code jvtpm acpi} for the files it writes: FACS, DSDT (the TPM device with its PPI _DSM under
 * \_SB, and \_S5), FADT (PM1a blocks at 0x600/0x604, PM timer 0x608 with TMR_VAL_EXT, reset
 * register 0xCF9 = 0x06, SCI 9; SMI_CMD 0xB2 only with the SMI PPI transport, whose _DSM writes
 * that port; SCI_EN is hardwired, so the guest never needs ACPI_ENABLE), MADT (one local APIC per
 * vCPU, the I/O APIC) and, with a TPM, TPM2 pointing at the event log area.
 */
public final class AcpiTables {

    /** The \_S5 sleep type the DSDT announces and {@link AcpiPm1Block} acts on. */
    public static final int S5_SLEEP_TYPE = 0;
    public static final int SCI_IRQ = 9;
    public static final int RESET_VALUE = 0x06;
    public static final int RTC_CENTURY = 0x32;
    /** FADT ACPI_ENABLE / ACPI_DISABLE, announced with SMI_CMD (the values QEMU's PIIX4 PM uses). */
    public static final int ACPI_ENABLE = 0xF1;
    public static final int ACPI_DISABLE = 0xF0;
    /** The hardware-reduced FADT's sleep control and status registers (ACPI 6.5 section 4.8.3.7). */
    public static final int SLEEP_CONTROL_PORT = AcpiPm1Block.DEFAULT_BASE + AcpiPm1Block.PM1_CNT;
    public static final int SLEEP_STATUS_PORT = AcpiPm1Block.DEFAULT_BASE;

    /** The FADT's model: a PC with the fixed hardware (the guest of {@code jvtpm boot}), or hardware-reduced ACPI. */
    public enum FadtModel {
        PC,
        HARDWARE_REDUCED
    }

    /**
     * What the tables describe: the area they are placed in, the vCPUs, the TPM interface and PPI
     * transport, the event log area the TPM2 table names and the FADT's model.
     * {@link #of} is the guest {@code jvtpm boot} runs; the others are {@code jvtpm acpi}'s variants.
     */
    public record Platform(AcpiArea area, int cpus, TpmInterface tpm, PpiTransport ppi, long logAddress, long logSize,
            FadtModel fadt) {

        public Platform {
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(tpm, "tpm");
            Objects.requireNonNull(ppi, "ppi");
            Objects.requireNonNull(fadt, "fadt");
            if (cpus < 1) {
                throw new IllegalArgumentException("a guest has at least one vCPU: " + cpus);
            }
            if (fadt == FadtModel.HARDWARE_REDUCED && ppi == PpiTransport.SMI && tpm != TpmInterface.NONE) {
                throw new IllegalArgumentException("the SMI PPI transport needs the FADT's SMI command port,"
                        + " which a hardware-reduced FADT has not");
            }
        }

        /** The guest of {@code jvtpm boot}: the TPM2 table names the area's event log. */
        public static Platform of(AcpiArea area, int cpus, TpmInterface tpm, PpiTransport ppi) {
            return new Platform(area, cpus, tpm, ppi, area.eventLogAddress(), area.eventLogSize(), FadtModel.PC);
        }

        /** This platform with the TPM2 table naming another log area. */
        public Platform withLogArea(long address, long size) {
            return new Platform(area, cpus, tpm, ppi, address, size, fadt);
        }

        /** This platform with another FADT model. */
        public Platform withFadt(FadtModel model) {
            return new Platform(area, cpus, tpm, ppi, logAddress, logSize, model);
        }
    }

    private AcpiTables() {
    }

    /** Builds the tables of a {@code jvtpm boot} guest laid out in {@code layout}'s ACPI area. */
    public static AcpiImage build(GuestMemoryLayout layout, int cpus, TpmInterface tpm, PpiTransport ppi) {
        return build(Platform.of(layout.acpiArea(), cpus, tpm, ppi));
    }

    /** Builds and lays out the tables at {@code p.area().tablesAddress()}. */
    public static AcpiImage build(Platform p) {
        OemIds oem = OemIds.JVTPM;
        List<Aml> sb = new ArrayList<>();
        if (p.tpm() != TpmInterface.NONE) {
            sb.add(TpmInterfaceChoice.deviceAml(p.tpm(), PpiAml.deviceTerms(p.ppi())));
        }
        List<Aml> dsdtTerms = new ArrayList<>();
        if (!sb.isEmpty()) {
            dsdtTerms.add(Asl.scope("\\_SB", sb));
        }
        dsdtTerms.add(Asl.name("_S5", Asl.pkg(Asl.integer(S5_SLEEP_TYPE), Asl.integer(S5_SLEEP_TYPE),
                Asl.ZERO, Asl.ZERO)));
        AmlTable dsdt = AmlTable.dsdt(oem, dsdtTerms);

        List<SystemDescriptionTable> others = new ArrayList<>();
        others.add(Madt.pcGuest(oem, p.cpus()));
        if (p.tpm() != TpmInterface.NONE) {
            others.add(TpmInterfaceChoice.tpm2Table(p.tpm(), oem, p.logSize(), p.logAddress()));
        }
        AcpiArea area = p.area();
        AcpiImage image = new AcpiTableSet(oem, Facs.standard(), dsdt, fadt(p), others).layout(area.tablesAddress());
        if (image.end() > area.tablesAddress() + area.tablesSize()) {
            throw new IllegalStateException("ACPI tables need " + (image.end() - area.tablesAddress())
                    + " bytes; the layout reserves " + area.tablesSize());
        }
        return image;
    }

    private static Fadt fadt(Platform p) {
        Fadt.Builder fadt = Fadt.builder(OemIds.JVTPM);
        GenericAddress reset = GenericAddress.systemIo(ResetControl.PORT, 8);
        if (p.fadt() == FadtModel.HARDWARE_REDUCED) {
            return fadt.hardwareReduced(GenericAddress.systemIo(SLEEP_CONTROL_PORT, 8, 1),
                            GenericAddress.systemIo(SLEEP_STATUS_PORT, 8, 1))
                    .resetRegister(reset, RESET_VALUE)
                    .hypervisorVendor("JVTPM")
                    .build();
        }
        boolean smi = p.tpm() != TpmInterface.NONE && p.ppi() == PpiTransport.SMI;
        return fadt.sciInterrupt(SCI_IRQ)
                .smiCommand(smi ? PpiDevice.SMI_COMMAND_PORT : 0, smi ? ACPI_ENABLE : 0, smi ? ACPI_DISABLE : 0)
                .pm1a(AcpiPm1Block.DEFAULT_BASE, AcpiPm1Block.DEFAULT_BASE + AcpiPm1Block.PM1_CNT)
                .pmTimer(AcpiPmTimer.DEFAULT_PORT)
                .gpe0(0, 0)
                .century(RTC_CENTURY)
                .iapcBootArch(Fadt.BOOT_ARCH_LEGACY_DEVICES | Fadt.BOOT_ARCH_VGA_NOT_PRESENT)
                .flag(FadtFlag.TMR_VAL_EXT)
                .resetRegister(reset, RESET_VALUE)
                .hypervisorVendor("JVTPM")
                .build();
    }

    /** Where the RSDP goes: the BIOS area Linux scans, also given in boot_params.acpi_rsdp_addr. */
    public static long rsdpAddress() {
        return GuestMemoryLayout.RSDP_ADDRESS;
    }
}
