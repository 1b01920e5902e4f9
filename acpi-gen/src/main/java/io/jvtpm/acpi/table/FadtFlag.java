package io.jvtpm.acpi.table;

import java.util.Set;

/** Fixed feature flags of the FADT (ACPI 6.5 section 5.2.9, FADT Flags), by bit. */
public enum FadtFlag {
    WBINVD(0),
    WBINVD_FLUSH(1),
    PROC_C1(2),
    P_LVL2_UP(3),
    PWR_BUTTON(4),
    SLP_BUTTON(5),
    FIX_RTC(6),
    RTC_S4(7),
    TMR_VAL_EXT(8),
    DCK_CAP(9),
    RESET_REG_SUP(10),
    SEALED_CASE(11),
    HEADLESS(12),
    CPU_SW_SLP(13),
    PCI_EXP_WAK(14),
    USE_PLATFORM_CLOCK(15),
    S4_RTC_STS_VALID(16),
    REMOTE_POWER_ON_CAPABLE(17),
    FORCE_APIC_CLUSTER_MODEL(18),
    FORCE_APIC_PHYSICAL_DESTINATION_MODE(19),
    HW_REDUCED_ACPI(20),
    LOW_POWER_S0_IDLE_CAPABLE(21);

    /** The bit number. */
    public final int bit;

    FadtFlag(int bit) {
        this.bit = bit;
    }

    /** The Flags dword of a set of flags. */
    public static long mask(Set<FadtFlag> flags) {
        long m = 0;
        for (FadtFlag f : flags) {
            m |= 1L << f.bit;
        }
        return m;
    }
}
