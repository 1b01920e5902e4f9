package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Fixed ACPI Description Table, revision 6, minor version 5 (ACPI 6.5 section 5.2.9, table
 * 5.9; 276 bytes). Describes the SMI command port with ACPI_ENABLE/ACPI_DISABLE (the legacy path
 * where the OS asks firmware to switch to ACPI mode), the PM1a event/control blocks and PM timer
 * as I/O ports (both the 32-bit fields and the X_ Generic Address Structures), the DSDT (DSDT and
 * X_DSDT) and the FACS (FIRMWARE_CTRL below 4 GiB, else X_FIRMWARE_CTRL: at most one of the two
 * may be non-zero), and, with {@link FadtFlag#HW_REDUCED_ACPI}, a hardware-reduced platform
 * with sleep control/status registers instead of PM blocks. Build with {@link #builder}.
 *
 * @param pmTimerBlock 0 when there is no PM timer
 * @param gpe0Block 0 when there is no GPE0 block
 * @param hypervisorVendor the Hypervisor Vendor Identity (8 ASCII bytes as a little-endian long)
 */
public record Fadt(OemIds oem, long facsAddress, long dsdtAddress, int preferredPmProfile, int sciInterrupt,
        long smiCommand, int acpiEnable, int acpiDisable, long pm1aEventBlock, long pm1aControlBlock,
        long pmTimerBlock, long gpe0Block, int gpe0BlockLength, int century, int iapcBootArch,
        Set<FadtFlag> flags, GenericAddress resetRegister, int resetValue, GenericAddress sleepControl,
        GenericAddress sleepStatus, long hypervisorVendor) implements SystemDescriptionTable {

    /** Size in bytes. */
    public static final int SIZE = 276;
    /** IAPC_BOOT_ARCH: LEGACY_DEVICES (bit 0). */
    public static final int BOOT_ARCH_LEGACY_DEVICES = 1;
    /** IAPC_BOOT_ARCH: 8042 present (bit 1). */
    public static final int BOOT_ARCH_8042 = 1 << 1;
    /** IAPC_BOOT_ARCH: VGA not present (bit 2). */
    public static final int BOOT_ARCH_VGA_NOT_PRESENT = 1 << 2;
    /** IAPC_BOOT_ARCH: MSI not supported (bit 3). */
    public static final int BOOT_ARCH_MSI_NOT_SUPPORTED = 1 << 3;
    /** IAPC_BOOT_ARCH: CMOS RTC not present (bit 5). */
    public static final int BOOT_ARCH_CMOS_RTC_NOT_PRESENT = 1 << 5;

    public Fadt {
        Objects.requireNonNull(oem, "oem");
        Objects.requireNonNull(resetRegister, "resetRegister");
        Objects.requireNonNull(sleepControl, "sleepControl");
        Objects.requireNonNull(sleepStatus, "sleepStatus");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        for (long port : new long[] {smiCommand, pm1aEventBlock, pm1aControlBlock, pmTimerBlock, gpe0Block}) {
            if (port < 0 || port > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("FADT block address does not fit 32 bits: 0x" + Long.toHexString(port));
            }
        }
        boolean hw = flags.contains(FadtFlag.HW_REDUCED_ACPI);
        if (hw && (smiCommand != 0 || pm1aEventBlock != 0 || pm1aControlBlock != 0 || pmTimerBlock != 0)) {
            throw new IllegalArgumentException("a hardware-reduced FADT has no SMI command port and no PM blocks");
        }
        if (!hw && (pm1aEventBlock == 0 || pm1aControlBlock == 0)) {
            throw new IllegalArgumentException("a FADT without HW_REDUCED_ACPI needs PM1a event and control blocks");
        }
        if (gpe0BlockLength < 0 || gpe0BlockLength > 0xFF || gpe0BlockLength % 2 != 0) {
            throw new IllegalArgumentException("GPE0 block length must be even and at most 255: " + gpe0BlockLength);
        }
        for (int b : new int[] {preferredPmProfile, acpiEnable, acpiDisable, century, resetValue}) {
            if (b < 0 || b > 0xFF) {
                throw new IllegalArgumentException("FADT byte field out of range: " + b);
            }
        }
        if (sciInterrupt < 0 || sciInterrupt > 0xFFFF || iapcBootArch < 0 || iapcBootArch > 0xFFFF) {
            throw new IllegalArgumentException("FADT word field out of range");
        }
    }

    /** True when the HW_REDUCED_ACPI flag is set. */
    public boolean hardwareReduced() {
        return flags.contains(FadtFlag.HW_REDUCED_ACPI);
    }

    /** The same FADT pointing at another FACS and DSDT (what a table layout does). */
    public Fadt withPointers(long facs, long dsdt) {
        return new Fadt(oem, facs, dsdt, preferredPmProfile, sciInterrupt, smiCommand, acpiEnable, acpiDisable,
                pm1aEventBlock, pm1aControlBlock, pmTimerBlock, gpe0Block, gpe0BlockLength, century, iapcBootArch,
                flags, resetRegister, resetValue, sleepControl, sleepStatus, hypervisorVendor);
    }

    @Override
    public String signature() {
        return "FACP";
    }

    private static long low32(long address) {
        return address >= 0 && address <= 0xFFFF_FFFFL ? address : 0;
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("FACP", 6, oem);
        out.u32(low32(facsAddress));
        out.u32(low32(dsdtAddress));
        out.u8(0);
        out.u8(preferredPmProfile);
        out.u16(sciInterrupt);
        out.u32(smiCommand);
        out.u8(acpiEnable);
        out.u8(acpiDisable);
        out.u8(0);
        out.u8(0);
        out.u32(pm1aEventBlock);
        out.u32(0);
        out.u32(pm1aControlBlock);
        out.u32(0);
        out.u32(0);
        out.u32(pmTimerBlock);
        out.u32(gpe0Block);
        out.u32(0);
        out.u8(pm1aEventBlock != 0 ? 4 : 0);
        out.u8(pm1aControlBlock != 0 ? 2 : 0);
        out.u8(0);
        out.u8(pmTimerBlock != 0 ? 4 : 0);
        out.u8(gpe0Block != 0 ? gpe0BlockLength : 0);
        out.u8(0);
        out.u8(0);
        out.u8(0);
        out.u16(hardwareReduced() ? 0 : 101);
        out.u16(hardwareReduced() ? 0 : 1001);
        out.u16(0);
        out.u16(0);
        out.u8(0);
        out.u8(0);
        out.u8(0);
        out.u8(0);
        out.u8(century);
        out.u16(iapcBootArch);
        out.u8(0);
        out.u32(FadtFlag.mask(flags));
        resetRegister.encode(out);
        out.u8(resetValue);
        out.u16(0);
        out.u8(5);
        out.u64(low32(facsAddress) == 0 ? facsAddress : 0);
        out.u64(dsdtAddress);
        gas(out, pm1aEventBlock, 32);
        GenericAddress.NONE.encode(out);
        gas(out, pm1aControlBlock, 16);
        GenericAddress.NONE.encode(out);
        GenericAddress.NONE.encode(out);
        gas(out, pmTimerBlock, 32);
        gas(out, gpe0Block, gpe0BlockLength * 8);
        GenericAddress.NONE.encode(out);
        sleepControl.encode(out);
        sleepStatus.encode(out);
        out.u64(hypervisorVendor);
        return TableHeader.finish(out);
    }

    private static void gas(AmlSink out, long port, int bits) {
        (port == 0 ? GenericAddress.NONE : GenericAddress.systemIo(port, bits)).encode(out);
    }

    /**
     * A builder preset for a PC guest like QEMU's i440FX: SCI on IRQ 9, SMI command port 0xB2 with
     * ACPI_ENABLE 0xF1 / ACPI_DISABLE 0xF0, PM1a event block 0x600, PM1a control block 0x604, PM timer
     * 0x608, GPE0 0xAFE0 (4 bytes), RTC century index 0x32, flags WBINVD, PROC_C1, SLP_BUTTON,
     * RTC_S4, USE_PLATFORM_CLOCK, and the 8042 present. Every field can be changed.
     */
    public static Builder builder(OemIds oem) {
        return new Builder(oem);
    }

    /** Builds a {@link Fadt}; defaults as described at {@link Fadt#builder}. */
    public static final class Builder {
        private final OemIds oem;
        private long facs;
        private long dsdt;
        private int profile;
        private int sci = 9;
        private long smiCommand = 0xB2;
        private int acpiEnable = 0xF1;
        private int acpiDisable = 0xF0;
        private long pm1aEvent = 0x600;
        private long pm1aControl = 0x604;
        private long pmTimer = 0x608;
        private long gpe0 = 0xAFE0;
        private int gpe0Length = 4;
        private int century = 0x32;
        private int bootArch = BOOT_ARCH_8042;
        private final EnumSet<FadtFlag> flags = EnumSet.of(FadtFlag.WBINVD, FadtFlag.PROC_C1, FadtFlag.SLP_BUTTON,
                FadtFlag.RTC_S4, FadtFlag.USE_PLATFORM_CLOCK);
        private GenericAddress reset = GenericAddress.NONE;
        private int resetValue;
        private GenericAddress sleepControl = GenericAddress.NONE;
        private GenericAddress sleepStatus = GenericAddress.NONE;
        private long hypervisor;

        private Builder(OemIds oem) {
            this.oem = Objects.requireNonNull(oem, "oem");
        }

        /** The FACS and DSDT addresses (a table layout sets them too). */
        public Builder pointers(long facsAddress, long dsdtAddress) {
            this.facs = facsAddress;
            this.dsdt = dsdtAddress;
            return this;
        }

        /** Preferred_PM_Profile (0 unspecified, 1 desktop, 4 enterprise server, ...). */
        public Builder preferredPmProfile(int profile) {
            this.profile = profile;
            return this;
        }

        /** SCI_INT: the interrupt the SCI is wired to. */
        public Builder sciInterrupt(int irq) {
            this.sci = irq;
            return this;
        }

        /** SMI_CMD port and the values the OS writes there to enable/disable ACPI mode; port 0 = none. */
        public Builder smiCommand(long port, int acpiEnableValue, int acpiDisableValue) {
            this.smiCommand = port;
            this.acpiEnable = acpiEnableValue;
            this.acpiDisable = acpiDisableValue;
            return this;
        }

        /** PM1a event (4 bytes) and control (2 bytes) block I/O ports. */
        public Builder pm1a(long eventBlock, long controlBlock) {
            this.pm1aEvent = eventBlock;
            this.pm1aControl = controlBlock;
            return this;
        }

        /** PM timer I/O port (0 = none). */
        public Builder pmTimer(long port) {
            this.pmTimer = port;
            return this;
        }

        /** GPE0 block I/O port and length in bytes (0 = none). */
        public Builder gpe0(long port, int length) {
            this.gpe0 = port;
            this.gpe0Length = length;
            return this;
        }

        /** RTC CMOS index of the century (0 = none). */
        public Builder century(int cmosIndex) {
            this.century = cmosIndex;
            return this;
        }

        /** IAPC_BOOT_ARCH flags ({@code BOOT_ARCH_*}). */
        public Builder iapcBootArch(int bits) {
            this.bootArch = bits;
            return this;
        }

        /** Sets a flag. */
        public Builder flag(FadtFlag f) {
            flags.add(f);
            return this;
        }

        /** Clears a flag. */
        public Builder clearFlag(FadtFlag f) {
            flags.remove(f);
            return this;
        }

        /** RESET_REG and RESET_VALUE, and sets RESET_REG_SUP. */
        public Builder resetRegister(GenericAddress register, int value) {
            this.reset = register;
            this.resetValue = value;
            flags.add(FadtFlag.RESET_REG_SUP);
            return this;
        }

        /** Hypervisor Vendor Identity, up to 8 ASCII characters. */
        public Builder hypervisorVendor(String id) {
            if (id.length() > 8) {
                throw new IllegalArgumentException("hypervisor vendor identity has at most 8 characters");
            }
            long v = 0;
            for (int i = 0; i < id.length(); i++) {
                v |= (long) (id.charAt(i) & 0xFF) << (8 * i);
            }
            this.hypervisor = v;
            return this;
        }

        /**
         * A hardware-reduced platform: sets HW_REDUCED_ACPI, drops the SMI command port, PM blocks,
         * PM timer and GPE0 block, and describes sleep with these registers.
         */
        public Builder hardwareReduced(GenericAddress sleepControlRegister, GenericAddress sleepStatusRegister) {
            flags.add(FadtFlag.HW_REDUCED_ACPI);
            smiCommand = 0;
            acpiEnable = 0;
            acpiDisable = 0;
            pm1aEvent = 0;
            pm1aControl = 0;
            pmTimer = 0;
            gpe0 = 0;
            gpe0Length = 0;
            sleepControl = sleepControlRegister;
            sleepStatus = sleepStatusRegister;
            return this;
        }

        /** The FADT. */
        public Fadt build() {
            return new Fadt(oem, facs, dsdt, profile, sci, smiCommand, acpiEnable, acpiDisable, pm1aEvent,
                    pm1aControl, pmTimer, gpe0, gpe0Length, century, bootArch, flags, reset, resetValue,
                    sleepControl, sleepStatus, hypervisor);
        }
    }
}
