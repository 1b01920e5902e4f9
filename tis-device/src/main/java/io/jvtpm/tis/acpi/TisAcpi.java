package io.jvtpm.tis.acpi;

import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.acpi.aml.Device;
import io.jvtpm.acpi.aml.resource.InterruptFlags;
import io.jvtpm.acpi.aml.resource.Irq;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import io.jvtpm.acpi.aml.resource.ResourceDescriptor;
import io.jvtpm.acpi.table.StartMethod;
import io.jvtpm.tis.TisDevice;

import java.util.ArrayList;
import java.util.List;

import static io.jvtpm.acpi.aml.Asl.ONE;
import static io.jvtpm.acpi.aml.Asl.integer;
import static io.jvtpm.acpi.aml.Asl.name;
import static io.jvtpm.acpi.aml.Asl.resourceTemplate;
import static io.jvtpm.acpi.aml.Asl.string;
import static io.jvtpm.acpi.aml.Asl.unicode;

/**
 * The ACPI description of the FIFO interface (TCG ACPI Specification 1.3, section 8 "TPM2
 * table" and the TPM device object; ACPI 6.5 sections 6.1 and 6.4): {@code Device (TPM)} with
 * _HID "MSFT0101", _STR, _UID, _STA and a _CRS of the 0x5000-byte window (plus the interrupt
 * when one is wired), and the TPM2 table's Start Method for this interface.
 *
 * <p>The interrupt is described as Level, ActiveHigh, Exclusive. Level, because the device
 * holds its line while an enabled status bit is set, and an event that comes while the line is
 * up must not be lost. ActiveHigh, because {@link io.jvtpm.engine.ptp.InterruptLine} gives the logical
 * level and a VMM passes it straight to its interrupt controller (KVM_IRQ_LINE applies the
 * polarity the guest programmed into the IOAPIC, so an active-low description would have the
 * idle line read as asserted). TPM_INT_ENABLE.typePolarity keeps the profile's reset value
 * and does not change the virtual line: the guest learns the trigger mode from this _CRS.
 */
public final class TisAcpi {
    /** The TPM2 table Start Method of this interface: 6, memory-mapped FIFO. */
    public static final StartMethod START_METHOD = StartMethod.TIS;
    /** _HID of a TPM 2.0 (TCG ACPI Specification, section 8.1). */
    public static final String HID = "MSFT0101";
    /**
     * _STR's text. ACPI 6.5 section 6.1.10 makes _STR a Unicode buffer; QEMU 7.2 writes a plain
     * String there, which iasl refuses to recompile, so ours is {@code Unicode("TPM 2.0 Device")}.
     */
    public static final String DESCRIPTION = "TPM 2.0 Device";
    /** The interrupt's trigger and polarity in _CRS: level, active high, exclusive. */
    public static final InterruptFlags INTERRUPT_FLAGS = InterruptFlags.LEVEL_HIGH;

    private TisAcpi() {
    }

    /** {@code Device (TPM)} without an interrupt. */
    public static Device device() {
        return device("TPM", 0, List.of());
    }

    /**
     * {@code Device (name)} with the interrupt {@code irq} (1..15; 0 = none) in _CRS and
     * {@code extraTerms} (the PPI's regions and _DSM, for instance) after the TIS objects.
     */
    public static Device device(String name, int irq, List<? extends Aml> extraTerms) {
        List<Aml> terms = new ArrayList<>(objects(irq));
        terms.addAll(extraTerms);
        return Asl.device(name, terms);
    }

    /** The named objects of the device: _HID, _STR, _UID, _STA, _CRS. */
    public static List<Aml> objects(int irq) {
        if (irq < 0 || irq > 15) {
            throw new IllegalArgumentException("the TPM's interrupt is an ISA IRQ 1..15 (0 = none), not " + irq);
        }
        List<ResourceDescriptor> resources = new ArrayList<>();
        resources.add(new Memory32Fixed(true, TisDevice.BASE_ADDRESS, TisDevice.SIZE));
        if (irq != 0) {
            resources.add(Irq.withFlags(INTERRUPT_FLAGS, irq));
        }
        return List.of(
                name("_HID", string(HID)),
                name("_STR", unicode(DESCRIPTION)),
                name("_UID", ONE),
                name("_STA", integer(0x0F)),
                name("_CRS", resourceTemplate(resources.toArray(ResourceDescriptor[]::new))));
    }
}
