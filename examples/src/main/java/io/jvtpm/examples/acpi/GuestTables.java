package io.jvtpm.examples.acpi;

import static io.jvtpm.acpi.aml.Asl.*;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.table.AcpiTableSet;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.Facs;
import io.jvtpm.acpi.table.Fadt;
import io.jvtpm.acpi.table.GenericAddress;
import io.jvtpm.acpi.table.Madt;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.acpi.table.Tpm2Table;
import io.jvtpm.crb.acpi.CrbAcpi;
import io.jvtpm.ppi.aml.PpiAml;
import io.jvtpm.tis.acpi.TisAcpi;
import java.util.List;

/**
 * The table set of a PC guest with a TPM (ACPI 6.5 chapter 5; TCG ACPI Specification 1.3 TPM2
 * table; TCG PC Client Platform TPM Profile: the TPM's registers at 0xFED40000, 0x5000 bytes).
 * With {@code --ppi smi} the FADT names the SMI command port 0xB2 that the PPI's SMI path writes;
 * otherwise the FADT has no SMI command port (the guest starts in ACPI mode). The reset register
 * is port 0xCF9, value 0x06 (a hard reset through the PCI reset control register). The DSDT also
 * holds {@code \_S5} (ACPI 6.5 section 7.4.2, System \_Sx states) so the guest can power off.
 */
public final class GuestTables {

    /** The TPM's register window (PC Client Platform TPM Profile, section 6: five 4 KiB localities). */
    public static final long TPM_BASE = 0xFED40000L;
    /** Its size. */
    public static final long TPM_SIZE = 0x5000;
    /**
     * SLP_TYP of the S5 (soft-off) state in \_S5, the value the guest writes with SLP_EN into
     * PM1a_CNT (bits 12:10) or the hardware-reduced SLEEP_CONTROL_REG (bits 4:2) to power off;
     * 0 as QEMU's PIIX4 PM uses.
     */
    public static final int S5_SLP_TYP = 0;
    /** The APM/SMI command port. */
    public static final int SMI_COMMAND_PORT = 0xB2;

    private GuestTables() {
    }

    /**
     * The Device (TPM) under \_SB as the TIS or CRB device describes itself, with the PPI and MOR
     * methods of the chosen PPI transport appended.
     */
    public static Aml tpmDevice(AcpiOptions o) {
        List<Aml> ppiTerms = switch (o.ppi()) {
            case NONE -> List.of();
            case MEMORY -> PpiAml.deviceTerms(io.jvtpm.ppi.PpiTransport.MEMORY);
            case SMI -> PpiAml.deviceTerms(io.jvtpm.ppi.PpiTransport.SMI);
        };
        return o.tpm() == AcpiOptions.TpmInterface.TIS
                ? TisAcpi.device("TPM", 0, ppiTerms)
                : CrbAcpi.device(TPM_BASE, ppiTerms);
    }

    /** The tables for {@code o}, with {@link #tpmDevice(AcpiOptions)} under \_SB. */
    public static AcpiTableSet build(AcpiOptions o) {
        return build(o, tpmDevice(o));
    }

    /**
     * The tables for {@code o} with {@code tpmDevice} under \_SB: the AML a TIS or CRB device
     * (with its PPI methods) gives for itself.
     */
    public static AcpiTableSet build(AcpiOptions o, Aml tpmDevice) {
        OemIds oem = OemIds.JVTPM;
        Fadt.Builder fadt = Fadt.builder(oem).hypervisorVendor("JVTPM");
        if (o.hardwareReduced()) {
            fadt.hardwareReduced(GenericAddress.systemIo(0x604, 8, 1), GenericAddress.systemIo(0x600, 8, 1))
                    .resetRegister(GenericAddress.systemIo(0xCF9, 8, 1), 0x06);
        } else {
            fadt.resetRegister(GenericAddress.systemIo(0xCF9, 8, 1), 0x06);
            if (o.ppi() == AcpiOptions.PpiTransport.SMI) {
                fadt.smiCommand(SMI_COMMAND_PORT, 0xF1, 0xF0);
            } else {
                fadt.smiCommand(0, 0, 0);
            }
        }
        AmlTable dsdt = AmlTable.dsdt(oem, List.of(
                name("\\_S5", pkg(integer(S5_SLP_TYP), integer(S5_SLP_TYP), ZERO, ZERO)),
                scope("\\_SB", tpmDevice)));
        Tpm2Table tpm2 = o.tpm() == AcpiOptions.TpmInterface.TIS
                ? Tpm2Table.tis(oem, o.logAreaLength(), o.logAreaAddress())
                : Tpm2Table.crb(oem, Tpm2Table.CRB_CONTROL_AREA, o.logAreaLength(), o.logAreaAddress());
        return new AcpiTableSet(oem, Facs.standard(), dsdt, fadt.build(), List.of(Madt.pcGuest(oem, o.cpus()), tpm2));
    }
}
