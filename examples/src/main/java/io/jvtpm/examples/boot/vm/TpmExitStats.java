package io.jvtpm.examples.boot.vm;

/**
 * What the guest's TPM traffic cost in VM exits (linux/kvm.h KVM_EXIT_MMIO): the TPM commands it
 * sent and the MMIO reads and writes on the TPM register window (PC Client Platform TPM Profile
 * 5.5 TIS / 6.5 CRB) that carried them.
 */
public record TpmExitStats(String window, long commands, long mmioReads, long mmioWrites, long coalescedWrites) {

    /** Without coalesced writes. */
    public TpmExitStats(String window, long commands, long mmioReads, long mmioWrites) {
        this(window, commands, mmioReads, mmioWrites, 0);
    }

    /** Every MMIO exit on the window. */
    public long mmioExits() {
        return mmioReads + mmioWrites;
    }

    /** MMIO exits per TPM command, or 0 when there was no command. */
    public double exitsPerCommand() {
        return commands == 0 ? 0 : (double) mmioExits() / commands;
    }

    /** One line for the launcher's log. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d TPM commands, %d MMIO exits (%d reads, %d writes), %.1f exits per command; %d more writes without an exit (coalesced)",
                window, commands, mmioExits(), mmioReads, mmioWrites, exitsPerCommand(), coalescedWrites);
    }
}
