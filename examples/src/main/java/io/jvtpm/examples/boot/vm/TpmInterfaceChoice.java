package io.jvtpm.examples.boot.vm;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.acpi.table.Tpm2Table;
import io.jvtpm.crb.CrbDevice;
import io.jvtpm.crb.CrbOptions;
import io.jvtpm.crb.acpi.CrbAcpi;
import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.ptp.TpmInterfaceDevice;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.vm.Vm;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.tis.TisDevice;
import io.jvtpm.tis.acpi.TisAcpi;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the launcher tells the TPM's two register interfaces apart (PC Client Platform
 * TPM Profile: FIFO/TIS section 5.5, CRB section 6.5, both at 0xFED40000): the device in front of
 * the engine, its MMIO window, its AML {@code Device} and its TPM2 table (TCG ACPI Specification
 * 1.3 start method 6 or 7). The rest of the machine sees one {@link TpmInterfaceDevice}.
 */
public final class TpmInterfaceChoice {

    private static final Logger LOG = LoggerFactory.getLogger(TpmInterfaceChoice.class);
    private static final int PAGE = 0x1000;
    /** Guest-physical address of the CRB command/response buffer: the page after the PPI page, in the MMIO hole. */
    public static final long CRB_BUFFER_ADDRESS = PpiPage.BASE + PAGE;

    /** Where a register interface sits on the MMIO bus, and the bus name of the window. */
    public record MmioRange(String name, long base, long size) {
    }

    private TpmInterfaceChoice() {
    }

    /** The MMIO window of {@code kind} (not {@link TpmInterface#NONE}). */
    public static MmioRange range(TpmInterface kind) {
        return switch (present(kind)) {
            case TIS -> new MmioRange("tpm-tis", TisDevice.BASE_ADDRESS, TisDevice.SIZE);
            case CRB -> new MmioRange("tpm-crb", CrbDevice.BASE_ADDRESS, CrbDevice.SIZE);
            case NONE -> throw new AssertionError();
        };
    }

    /**
     * Opens the register interface of {@code kind} in front of {@code backend}; CRB's command
     * buffer is the page at {@link #CRB_BUFFER_ADDRESS} of {@code tpmPages}, RAM the guest reaches
     * without a VM exit (only the control registers trap). Opened before the TPM's power-on: CRB
     * shrinks the TPM's buffer to its page.
     */
    public static TpmInterfaceDevice open(TpmInterface kind, TpmBackend backend, GuestMemory tpmPages) {
        return switch (present(kind)) {
            case TIS -> {
                yield new TisDevice(backend);
            }
            case CRB -> {
                yield new CrbDevice(backend, CrbOptions.defaults()
                        .withExternalBuffer(CRB_BUFFER_ADDRESS, tpmPages.buffer(CRB_BUFFER_ADDRESS, PAGE)));
            }
            case NONE -> throw new AssertionError();
        };
    }

    /** The TPM's {@code Device} under \_SB as the interface describes itself, with {@code ppiTerms} appended. */
    public static Aml deviceAml(TpmInterface kind, List<Aml> ppiTerms) {
        return switch (present(kind)) {
            case TIS -> TisAcpi.device("TPM", 0, ppiTerms);
            case CRB -> CrbAcpi.device(CrbDevice.BASE_ADDRESS, ppiTerms);
            case NONE -> throw new AssertionError();
        };
    }

    /** The TPM2 table of {@code kind} naming the event log at {@code logAddress}, {@code logSize} bytes. */
    public static Tpm2Table tpm2Table(TpmInterface kind, OemIds oem, long logSize, long logAddress) {
        return switch (present(kind)) {
            case TIS -> Tpm2Table.tis(oem, logSize, logAddress);
            case CRB -> Tpm2Table.crb(oem, CrbAcpi.controlAreaAddress(CrbDevice.BASE_ADDRESS), logSize, logAddress);
            case NONE -> throw new AssertionError();
        };
    }

    /**
     * Lets the guest's writes of command bytes wait in KVM's coalesced MMIO ring instead of
     * exiting one by one: TIS's TPM_DATA_FIFO of each locality (CRB's buffer is RAM and needs
     * none). The driver always reads a register (TPM_STS) before those bytes matter, and every
     * exit first hands the ring's writes to the device, in order.
     */
    public static void coalesceWrites(Vm vm, TpmInterface kind) {
        if (present(kind) != TpmInterface.TIS) {
            return;
        }
        boolean on = true;
        for (int l = 0; l < TisDevice.LOCALITIES && on; l++) {
            on = vm.coalesceMmio(TisDevice.BASE_ADDRESS + (long) l * TisDevice.LOCALITY_STRIDE
                    + TisDevice.DATA_FIFO_OFFSET, TisDevice.DATA_FIFO_WIDTH);
        }
        LOG.debug("command bytes {} through the coalesced MMIO ring", on ? "go" : "do not go");
    }

    private static TpmInterface present(TpmInterface kind) {
        if (kind == TpmInterface.NONE) {
            throw new IllegalArgumentException("no TPM interface: the guest has no TPM");
        }
        return kind;
    }
}
