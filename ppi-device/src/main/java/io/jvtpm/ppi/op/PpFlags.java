package io.jvtpm.ppi.op;

import java.util.EnumSet;
import java.util.Set;

/**
 * A value of the persistent PP-required flags (TCG PPI 1.3, "TPM 2.0 PP flags"): which flags are
 * set. The default, as the PPI specification recommends and EDK2 ships it, requires physical
 * presence for Clear, ChangeEPS and SetPCRBanks.
 */
public record PpFlags(Set<PpFlag> set) {

    /** The recommended default: every flag set. */
    public static final PpFlags DEFAULT = new PpFlags(EnumSet.allOf(PpFlag.class));

    /** An immutable copy of {@code set}. */
    public PpFlags {
        set = set.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(set));
    }

    /** True when {@code flag} is set. */
    public boolean has(PpFlag flag) {
        return set.contains(flag);
    }

    /** These flags with {@code flag} set or cleared. */
    public PpFlags with(PpFlag flag, boolean value) {
        EnumSet<PpFlag> s = set.isEmpty() ? EnumSet.noneOf(PpFlag.class) : EnumSet.copyOf(set);
        if (value) {
            s.add(flag);
        } else {
            s.remove(flag);
        }
        return new PpFlags(s);
    }
}
